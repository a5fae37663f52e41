#!/bin/bash
# The bash completion (completions/hapgsim.bash) as bash runs it: COMP_WORDS and
# COMP_CWORD set as readline would, then the function called, then COMPREPLY checked.
# Usage: test_completion.sh HAPGSIM COMPLETION_SCRIPT SCENARIOS_DIR
# Exits 77 (skipped) when bash-completion is not installed.
set -u
hapgsim=$1 script=$2 scenarios=$3
bc=/usr/share/bash-completion/bash_completion
if [[ ! -r $bc ]]; then
    echo "SKIP: bash-completion is not installed ($bc)"
    exit 77
fi
# shellcheck source=/dev/null
source "$bc"
# shellcheck source=/dev/null
source "$script"
# compopt works only inside a completion readline started; here it has nothing to do
compopt() { :; }
PATH=$(dirname "$hapgsim"):$PATH
cd "$scenarios" || exit 1

passed=0 failed=0
# complete WORD... : the line typed so far, the cursor at the end of the last word;
# LINE, when set, is the line as typed where readline split words at '='
complete_line() {
    COMP_WORDS=("$@")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMP_LINE=${LINE:-$*}
    COMP_POINT=${#COMP_LINE}
    COMPREPLY=()
    _hapgsim hapgsim "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
}
# expect WHAT WORD... -- LINE: COMPREPLY holds WHAT (a word) or lacks it (!WORD)
expect() {
    local wanted=() w
    while [[ $1 != -- ]]; do wanted+=("$1"); shift; done
    shift
    complete_line "$@"
    local got=" ${COMPREPLY[*]-} " ok=1
    for w in "${wanted[@]}"; do
        if [[ $w == !* ]]; then
            [[ $got == *" ${w#!} "* ]] && ok=0
        else
            [[ $got == *" $w "* ]] || ok=0
        fi
    done
    if ((ok)); then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAIL: '$*' completed to [${COMPREPLY[*]-}], wanted ${wanted[*]}"
    fi
}

# commands, and the options without one
expect run validate sweep compare analytic trace report help -- hapgsim ''
expect run '!validate' -- hapgsim r
expect -V --version --help -- hapgsim -
# each command's options, from its own table
expect --replications= --seed= --jobs= --precision= --quiet '!--resume' -- hapgsim run --
expect --resume -- hapgsim sweep --res
expect --print -- hapgsim validate --pr
expect --tolerance= --alpha= -- hapgsim compare --
expect --report= -- hapgsim compare --rep
expect --timeline= --csv= --trace= --output= -- hapgsim report --
# option arguments by kind
expect json -- hapgsim run small.yaml --format j
expect text json csv -- hapgsim sweep --format ''
expect compare -- hapgsim help --options com
# scenario keys after --set and --sweep: the built-in example's, then the scenario's
expect clients.auto_recovery.interval= -- hapgsim run --set clients.auto_recovery.i
expect workload.rate= -- hapgsim sweep reference-two-az.yaml --sweep work
expect members.list.1.zone= -- hapgsim run reference-two-az.yaml -r 3 --set members.list.1.zo
expect clients.auto_recovery.mode= -- hapgsim validate --set=clients.auto_recovery.mo
expect '!workload.rate=' -- hapgsim run --set workload.rate=0
# as readline splits --opt=value (COMP_WORDBREAKS has '=')
LINE='hapgsim validate --set=clients.auto_recovery.mo' \
    expect clients.auto_recovery.mode= -- hapgsim validate --set = clients.auto_recovery.mo
LINE='hapgsim run --format=j' expect json '!csv' -- hapgsim run --format = j
# scenario files as arguments
expect reference-two-az.yaml '!CMakeLists.txt' -- hapgsim run ref
expect '!reference-two-az.yaml' -- hapgsim report ref
# shards (docs/distributed.md): merge, its folder argument, the shard options
expect merge -- hapgsim me
expect --shard= --shard-from-env --shard-count= -- hapgsim sweep --sh
expect --out= --mpi -- hapgsim run --
expect --missing --output= -- hapgsim merge --
expect regression '!reference-two-az.yaml' -- hapgsim merge reg
expect regression '!reference-two-az.yaml' -- hapgsim sweep ref.yaml --out reg

echo "$passed passed, $failed failed"
((failed == 0))
