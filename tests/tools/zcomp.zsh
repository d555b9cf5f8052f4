# zcomp.zsh COMPDIR OUT LINE: what a <Tab> at the end of LINE offers in
# an interactive zsh with the completions of COMPDIR, one candidate a
# line, in OUT.  compinit's dump goes to OUT.zcompdump: the first call
# scans the whole fpath (seconds), later calls with the same OUT read it.  Run with `zsh -f`.  The interactive shell runs under
# zsh/zpty; compadd is wrapped to write each candidate it is given
# (after matching against what is typed) before adding it.  Used by
# tests/cli/comp_zsh.sh.
zmodload zsh/zpty || exit 3
compdir=$1 out=$2 line=$3
zpty z zsh -f -i
zpty -w z "PS1='' RPROMPT=''; unsetopt zle_bell autolist; LISTMAX=100000"
zpty -w z "fpath=(${(q)compdir} \$fpath); autoload -Uz compinit; compinit -u -d ${(q)out}.zcompdump"
zpty -w z "compadd() { if (( \${@[(I)-[OAD]*]} )); then builtin compadd \"\$@\"; return; fi; local -a h; builtin compadd -O h \"\$@\"; print -rl -- \$h >>${(q)out}; builtin compadd \"\$@\"; }"
# The markers are typed with quotes inside, so that the terminal's echo
# of the command line cannot match them: only the output does.
zpty -w z 'print RE""ADY'
zpty -r z x '*READY*' || exit 4
: >$out
# Completion runs in full when zle reads the Tab, before it reads the
# ^U that clears the line for the last marker.
zpty -w -n z "$line"$'\t'
zpty -w -n z $'\C-u'
zpty -w z 'print DO""NE'
zpty -r z x '*DONE*' || exit 5
zpty -d z
