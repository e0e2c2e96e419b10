# Sourced by the held-out benches: reads models/treaties.args (run from the
# source tree's top) into two arrays, without comments or blank lines:
#   opts   the stance-train options, minus each option named in $drop_opts
#          and its value (e.g. drop_opts="--calibrate --solver")
#   files  the corpus files, relative to the source tree
#   parts  the real-register parts' names (corpora/treaties/real/NAME.tsv)
opts=() files=() parts=()
_words=()
while read -r _line; do
    case $_line in
    '#'* | '') ;;
    -*) read -r -a _w <<<"$_line"; _words+=("${_w[@]}") ;;
    *) files+=("$_line")
       case $_line in */real/*.tsv) parts+=("$(basename "$_line" .tsv)") ;; esac ;;
    esac
done <models/treaties.args
_skip=0
for _o in "${_words[@]}"; do
    if [ $_skip = 1 ]; then _skip=0; continue; fi
    case " ${drop_opts:-} " in *" $_o "*) _skip=1; continue ;; esac
    opts+=("$_o")
done
unset _words _w _line _skip _o
