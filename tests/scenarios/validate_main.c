/* tests/scenarios/validate_main.c - `hapgsim validate` as a program of its own, so that
 * the tests can run the sub-command before cli/main.c dispatches to it. */
#include "cli/commands.h"

int main(int argc, char **argv)
{
    return cli_validate(argc - 1, argv + 1);
}
