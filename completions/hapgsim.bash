# bash completion for hapgsim(1)                              -*- shell-script -*-
#
# Commands, each command's options, and the values some options take.  The word lists
# come from the program itself (hapgsim help --commands, --options COMMAND, --keys
# [SCENARIO]), so that they cannot drift from the option tables it parses:
#   - after --set, --sweep, --vary or --under, the scenario's keys (those of the scenario file already
#     on the line, else those of a built-in example), each followed by '=';
#   - after an option whose argument is a FILE, file names; FORMAT: text json csv;
#     COMMAND: the commands;
#   - elsewhere, scenario files (*.yaml, *.yml; compare and report: *.json).
# Installed as share/bash-completion/completions/hapgsim; needs bash-completion.

_hapgsim()
{
    local cur prev words cword split
    _init_completion -s || return

    local prog=${words[0]}
    if [[ $cword -eq 1 ]]; then
        if [[ $cur == -* ]]; then
            COMPREPLY=($(compgen -W '-h --help -V --version' -- "$cur"))
        else
            COMPREPLY=($(compgen -W "$("$prog" help --commands 2>/dev/null)" -- "$cur"))
        fi
        return
    fi

    local command=${words[1]}
    # "OPTION ARGUMENT" or "OPTION", one a line
    local listing
    listing=$("$prog" help --options "$command" 2>/dev/null) || return

    # the argument of the option before the cursor (or of --opt=cur), if it takes one
    local opt arg argname=""
    while read -r opt arg; do
        if [[ $opt == "$prev" && -n $arg ]]; then
            argname=$arg
            break
        fi
    done <<<"$listing"
    # an option's argument, given as a separate word or after '='
    if [[ -n $argname ]]; then
        case $argname in
            PATH=*)
                [[ $cur == *=* ]] && return       # the value: nothing to offer
                # the scenario: the first word after the command that is no option
                # nor an option's argument, and names a readable file
                local i w scenario="" takes
                for ((i = 2; i < cword; i++)); do
                    w=${words[i]}
                    if [[ $w == -* ]]; then
                        takes=""
                        [[ $w != *=* ]] && while read -r opt arg; do
                            [[ $opt == "$w" && -n $arg ]] && takes=1
                        done <<<"$listing"
                        [[ -n $takes ]] && ((i++))
                        continue
                    fi
                    if [[ -f $w && -r $w ]]; then
                        scenario=$w
                        break
                    fi
                done
                local keys
                if [[ -n $scenario ]]; then
                    keys=$("$prog" help --keys "$scenario" 2>/dev/null)
                else
                    keys=$("$prog" help --keys 2>/dev/null)
                fi
                COMPREPLY=($(compgen -W "$keys" -S '=' -- "$cur"))
                compopt -o nospace
                ;;
            FILE)
                _filedir
                ;;
            DIR)
                _filedir -d
                ;;
            FORMAT)
                COMPREPLY=($(compgen -W 'text json csv' -- "$cur"))
                ;;
            COMMAND)
                COMPREPLY=($(compgen -W "$("$prog" help --commands 2>/dev/null)" -- "$cur"))
                ;;
        esac
        return
    fi
    [[ $split == true ]] && return

    if [[ $cur == -* ]]; then
        local opts
        opts=$(while read -r opt arg; do
            if [[ -n $arg && $opt == --* ]]; then
                printf '%s=\n' "$opt"
            else
                printf '%s\n' "$opt"
            fi
        done <<<"$listing")
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
        [[ ${COMPREPLY-} == *= ]] && compopt -o nospace
        return
    fi

    case $command in
        compare | report) _filedir json ;;
        merge) _filedir -d ;;                  # the shard folder
        help) COMPREPLY=($(compgen -W "$("$prog" help --commands 2>/dev/null)" -- "$cur")) ;;
        *) _filedir '@(yaml|yml)' ;;
    esac
} &&
    complete -F _hapgsim hapgsim

# ex: filetype=sh
