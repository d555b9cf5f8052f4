# fish completion for mfweights.
#
# Installed as $(PREFIX)/share/fish/vendor_completions.d/mfweights.fish.
# Completes every option, the values of the options that take names,
# files where a file is expected, and the merge subcommand.
# tests/cli/comp_options.sh checks the lines below against src/main.c and
# src/enums.c: an option added there must be added here.

# The presets the tool itself knows (first word of each line of
# "mfweights --dataset list"), then preset files.
function __mfweights_datasets
    set -l cmd (commandline -opc)[1]
    if string match -q -- '*/*' $cmd; and test -x $cmd; or command -q $cmd
        command $cmd --dataset list 2>/dev/null | string replace -r '\s.*' ''
    end
    __fish_complete_suffix .json
end

complete -c mfweights -n __fish_use_subcommand -a merge -d 'sum counts documents from --format counts'
complete -c mfweights -n __fish_use_subcommand -a sample -d 'sampling weights from --per-image files'
complete -c mfweights -n __fish_use_subcommand -a split -d 'class-balanced file lists from --per-image files'

complete -c mfweights -l allow-partial -d 'merge: print the weights of some shards only'
complete -c mfweights -l allow-vrt -d 'let GDAL open VRT files'
complete -c mfweights -l band -x -d 'count band B (from 1) of multi-band rasters'
complete -c mfweights -l beta -x -d 'beta of the effective method'
complete -c mfweights -s c -l classes -x -d 'label values 0..N-1 are the classes'
complete -c mfweights -l clip -x -d 'clip the weights of counted classes (MIN:MAX)'
complete -c mfweights -l colors -r -F -d 'read RGB masks through a colour table'
complete -c mfweights -l dataset -x -a '(__mfweights_datasets)' -d 'use the settings of a known data set'
complete -c mfweights -l decoder -x -a 'auto png tiff gdal' -d 'which reader decodes the masks'
complete -c mfweights -l enet-k -x -d 'k of the enet method'
complete -c mfweights -l exclude -x -d 'skip files whose name matches'
complete -c mfweights -l files-from -r -F -d 'read paths from a file (- for stdin)'
complete -c mfweights -l follow -d 'follow symbolic links met inside directories'
complete -c mfweights -s f -l format -x -a 'json csv list table counts' -d 'output format'
complete -c mfweights -s h -l help -d 'print the help and exit'
complete -c mfweights -s i -l ignore -x -d 'leave pixels of this value out of every count'
complete -c mfweights -l include -x -d 'walk only files whose name matches'
complete -c mfweights -l keep-going -d 'skip bad files, list them, exit 1'
complete -c mfweights -l map -r -F -d 'remap labels first: CSV of from,to'
complete -c mfweights -l map-default -x -d 'the label of values --map does not list'
complete -c mfweights -l max-pixels -x -d 'refuse images larger than N pixels'
complete -c mfweights -l method -x -a 'median inverse inverse-sqrt enet effective balanced' -d 'weighting scheme'
complete -c mfweights -l names -r -F -d 'class names, one a line'
complete -c mfweights -l no-nodata -d 'count the nodata value of rasters as a label'
complete -c mfweights -l normalize -x -a 'default none mean sum max' -d 'rescale the weights of counted classes'
complete -c mfweights -s 0 -l null -d 'paths in --files-from end with NUL'
complete -c mfweights -s o -l output -r -F -d 'write to a file (atomically)'
complete -c mfweights -l per-image -r -F -d 'write the class counts of each image as JSON Lines'
complete -c mfweights -l plot -r -F -d 'also draw the class balance as an SVG picture'
complete -c mfweights -l precision -x -d 'print weights with at most D decimals'
complete -c mfweights -l progress -d 'show progress on stderr even when not a terminal'
complete -c mfweights -l min-pixels -x -d 'rare-class: pixels a class needs in an image'
complete -c mfweights -l prefix -r -F -d 'split: path prefix of the file lists'
complete -c mfweights -l ratios -x -d 'split: the parts and their ratios (train=8,val=2)'
complete -c mfweights -l repeat-threshold -x -d 'repeat-factor: the threshold t'
complete -c mfweights -l sample-format -x -a 'jsonl csv' -d 'format of the sampling weights'
complete -c mfweights -l sample-weights -r -F -d 'write one sampling weight per image'
complete -c mfweights -l sampling -x -a 'none rare-class repeat-factor inverse' -d 'per-image sampling weights'
complete -c mfweights -l seed -x -d 'split: seed of the random order'
complete -c mfweights -l temperature -x -d 'rare-class: the temperature T'
complete -c mfweights -s q -l quiet -d 'no notices or progress, only errors'
complete -c mfweights -l shard -x -d 'count only the K-th of N parts (K/N)'
complete -c mfweights -l requests -x -d 'remote transfers in flight'
complete -c mfweights -s j -l threads -x -d 'worker threads'
complete -c mfweights -l unknown-color -x -a 'error ignore' -d 'what a colour the --colors table lacks does'
complete -c mfweights -s V -l version -d 'print the version and exit'
