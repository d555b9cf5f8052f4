# bash completion for mfweights                            -*- shell-script -*-
#
# Installed as $(PREFIX)/share/bash-completion/completions/mfweights and
# loaded by the bash-completion package on the first <Tab> after
# "mfweights".  Completes every option, the values of the options that
# take names (formats, methods, decoders, normalisations, --unknown-color,
# --dataset presets), files where a file is expected, and the merge,
# sample and split subcommands.  tests/cli/comp_options.sh checks the lists below against
# src/main.c and src/enums.c: an option added there must be added here.

_mfweights()
{
	local cur prev words cword split
	_init_completion -s || return

	# Options that take a value, and options that do not.
	local opts_arg="--band --beta --classes --clip --colors --dataset
	    --decoder --enet-k --exclude --files-from --format --ignore
	    --include --map --map-default --max-pixels --method --names
	    --normalize --output --per-image --plot --precision --requests --shard
	    --threads --unknown-color --min-pixels --prefix --ratios
	    --repeat-threshold --sample-format --sample-weights --sampling
	    --seed --temperature"
	local opts_flag="--allow-partial --allow-vrt --follow --help --keep-going --no-nodata
	    --null --progress --quiet --version"
	# Short forms, each with its long option.
	local shorts="-0=--null -c=--classes -f=--format -h=--help
	    -i=--ignore -j=--threads -o=--output -q=--quiet -V=--version"

	case $prev in
	--format | -f)
		COMPREPLY=($(compgen -W 'json csv list table counts' -- "$cur"))
		return
		;;
	--decoder)
		COMPREPLY=($(compgen -W 'auto png tiff gdal' -- "$cur"))
		return
		;;
	--method)
		COMPREPLY=($(compgen -W 'median inverse inverse-sqrt enet
		    effective balanced' -- "$cur"))
		return
		;;
	--normalize)
		COMPREPLY=($(compgen -W 'default none mean sum max' -- "$cur"))
		return
		;;
	--unknown-color)
		COMPREPLY=($(compgen -W 'error ignore' -- "$cur"))
		return
		;;
	--sampling)
		COMPREPLY=($(compgen -W 'none rare-class repeat-factor inverse' \
		    -- "$cur"))
		return
		;;
	--sample-format)
		COMPREPLY=($(compgen -W 'jsonl csv' -- "$cur"))
		return
		;;
	--dataset)
		# The presets the tool itself knows, then preset files.
		local cmd=$1
		[[ $cmd == \~* ]] && cmd=$HOME${cmd#\~}
		COMPREPLY=($(compgen -W "$("$cmd" --dataset list 2>/dev/null |
		    awk '{ print $1 }')" -- "$cur"))
		_filedir json
		return
		;;
	--plot)
		_filedir svg
		return
		;;
	--colors | --map | --names | --files-from | --output | -o | \
	    --per-image | --sample-weights | --prefix)
		_filedir
		return
		;;
	--band | --beta | --classes | -c | --clip | --enet-k | --exclude | \
	    --ignore | -i | --include | --map-default | --max-pixels | \
	    --precision | --requests | --shard | --threads | -j | --min-pixels | --ratios | \
	    --repeat-threshold | --seed | --temperature)
		# A number, a glob or a range: nothing to offer.
		return
		;;
	esac
	$split && return

	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$opts_arg $opts_flag" -- "$cur"))
		if [[ $cur != --* ]]; then
			local s
			for s in $shorts; do
				[[ ${s%%=*} == "$cur"* ]] && COMPREPLY+=("${s%%=*}")
			done
		fi
		return
	fi
	# The subcommand comes first; then masks, directories, or (after
	# merge) counts documents: files either way.
	if ((cword == 1)); then
		COMPREPLY=($(compgen -W 'merge sample split' -- "$cur"))
	fi
	_filedir
}
complete -F _mfweights mfweights
# ex: filetype=sh
