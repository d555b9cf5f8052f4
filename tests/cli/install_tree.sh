# install_tree: `make install DESTDIR=...` puts the tool, the manual, the
# GDAL helper, the --dataset presets and the three shell completions where bash-completion and
# fish find them on their own (their loaders, pointed at the staged tree
# with XDG_DATA_DIRS, load the files), and `make uninstall` takes every
# file away again.  Installs the build under test (BUILD=$B, the default
# prefix, as built: nothing is rebuilt).
# A sanitizer build installs the same way: the plain suite runs it once.
# suites: plain
need_pkgs bash-completion fish
ST=$PWD/stage
make -s -C "$SRC" BUILD="$B" DESTDIR="$ST" install >make.log 2>&1 ||
    { cat make.log >&2; die "make install failed"; }
P=$ST/usr/local
find "$ST" -type f | sed "s|^$ST||" | sort >files
sort >want <<'LIST'
/usr/local/bin/mfweights
/usr/local/share/bash-completion/completions/mfweights
/usr/local/share/fish/vendor_completions.d/mfweights.fish
/usr/local/share/man/man1/mfweights.1
/usr/local/share/zsh/vendor-completions/_mfweights
LIST
if [ -x "$B/mfweights-gdal" ]; then
	echo /usr/local/libexec/mfweights/mfweights-gdal >>want
fi
for f in "$SRC"/data/datasets/*.json; do
	echo "/usr/local/share/mfweights/datasets/${f##*/}" >>want
done
sort -o want want
same want files
# The --dataset presets: found beside the installed tool.
"$P/bin/mfweights" --dataset list >out 2>err || { cat err >&2; die "list"; }
eq "$(cut -d' ' -f1 out | tr '\n' ' ')" \
    "$(cd "$SRC/data/datasets" && ls *.json | sed 's/\.json$//' | LC_ALL=C sort | tr '\n' ' ')" \
    "installed presets"
cmp -s "$P/bin/mfweights" "$B/mfweights" || die "installed tool differs"
cmp -s "$P/share/zsh/vendor-completions/_mfweights" \
    "$SRC/completions/_mfweights" || die "zsh completion differs"

# bash-completion's loader finds the file by the command's name.
XDG_DATA_DIRS=$P/share bash --norc --noprofile -c '
	. /usr/share/bash-completion/bash_completion
	_completion_loader mfweights
	complete -p mfweights' >out 2>err || { cat err >&2; die "not loaded"; }
has out '_mfweights mfweights$'
# So does fish's, from vendor_completions.d, for a command on PATH.
mkdir home
HOME=$PWD/home PATH=$P/bin:$PATH XDG_DATA_DIRS=$P/share \
    fish -c 'complete -C "mfweights --form"' >out 2>err ||
    { cat err >&2; die "fish failed"; }
has out '^--format'

make -s -C "$SRC" BUILD="$B" DESTDIR="$ST" uninstall >make.log 2>&1 ||
    { cat make.log >&2; die "make uninstall failed"; }
find "$ST" -type f >left
[ ! -s left ] || die "left after uninstall: $(tr '\n' ' ' <left)"
