/* cli/main.c - the hapgsim command (composition root). */
#include "version.h"

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--version") == 0) {
        printf("%s\n", HAPGSIM_VERSION);
        return 0;
    }
    fprintf(stderr, "usage: hapgsim --version   (sub-commands come with the model)\n");
    return argc > 1 ? 2 : 0;
}
