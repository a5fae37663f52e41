/* cli/commands.h - the sub-commands of `hapgsim`.  Each takes the arguments from its
 * own name on (argv[0] is "validate", ...), writes its output and messages itself, and
 * returns the process exit status (MODEL.md section 4: 0 success, 2 bad usage or a bad
 * scenario). */
#ifndef HAPGSIM_CLI_COMMANDS_H
#define HAPGSIM_CLI_COMMANDS_H

/* hapgsim validate FILE... [--print] [--set PATH=VALUE]... [--sweep PATH=V1,V2,...]...
 * Prints "FILE: ok" for each good file (on stderr with --print, which writes the
 * canonical YAML of each file to stdout, several separated by "---"), or the file's
 * errors on stderr.  Returns 0 when every file is valid, 2 otherwise. */
int cli_validate(int argc, char **argv);

#endif
