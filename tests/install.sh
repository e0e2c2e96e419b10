#!/usr/bin/env bash
# An install works from any prefix, as the README's install section says:
# copy the source tree (its git files), build the copy, install it into a
# temporary prefix, delete the copy and move the prefix, then from the moved
# prefix alone, with neither LD_LIBRARY_PATH nor STANCE_MODEL set:
#   - stance-classify without -m finds the prefix's model and labels the
#     sample as with -m, and names the prefix's model file when it is gone;
#   - a small C program built with `pkg-config --cflags --libs stance`
#     finds libstance.so (the rpath) and the model
#     (stance_model_default_path), and labels a sentence;
#   - the man pages are in share/man/man1.
# Usage: install.sh SOURCEDIR
set -eu
SRC=$1
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
unset STANCE_MODEL LD_LIBRARY_PATH
export LC_ALL=C.UTF-8
fail() { echo "FAIL: $*" >&2; exit 1; }

# The copy: the files git knows (and new ones it does not ignore), as they
# are in the working tree; a tree without git is copied whole, build
# folders left out.
mkdir "$TMP/src"
if git -C "$SRC" rev-parse --git-dir >/dev/null 2>&1; then
  (cd "$SRC" && git ls-files -z --cached --others --exclude-standard) |
    while IFS= read -r -d '' f; do [ -f "$SRC/$f" ] && printf '%s\0' "$f"; done |
    tar -C "$SRC" --null -T - -cf - | tar -C "$TMP/src" -xf -
else
  tar -C "$SRC" --exclude='./build*' -cf - . | tar -C "$TMP/src" -xf -
fi

# Configured for a prefix that never exists, installed into another one.
jobs=$(nproc 2>/dev/null || echo 2)
[ "$jobs" -le 8 ] || jobs=8
cmake -S "$TMP/src" -B "$TMP/src/build" -DCMAKE_BUILD_TYPE=Release -DSTANCE_TESTS=OFF \
  -DCMAKE_INSTALL_PREFIX="$TMP/configured" >"$TMP/log" 2>&1 || { cat "$TMP/log"; fail "configure"; }
cmake --build "$TMP/src/build" -j"$jobs" >"$TMP/log" 2>&1 || { tail -50 "$TMP/log"; fail "build"; }
cmake --install "$TMP/src/build" --prefix "$TMP/installed" >"$TMP/log" 2>&1 ||
  { cat "$TMP/log"; fail "install"; }
rm -rf "$TMP/src"
mv "$TMP/installed" "$TMP/moved"
P=$TMP/moved
[ ! -e "$TMP/configured" ] || fail "something was written to the configured prefix"

# The tools find the prefix's model.
SAMPLE="$SRC/samples/border-pact.txt"
"$P/bin/stance-classify" -f jsonl --summary "$SAMPLE" >"$TMP/default.jsonl" 2>"$TMP/err" ||
  { cat "$TMP/err"; fail "stance-classify without -m"; }
[ ! -s "$TMP/err" ] || { cat "$TMP/err"; fail "stance-classify wrote to stderr"; }
"$P/bin/stance-classify" -m "$P/share/stance/treaties.model" -f jsonl --summary "$SAMPLE" >"$TMP/m.jsonl"
cmp -s "$TMP/default.jsonl" "$TMP/m.jsonl" || fail "the default model's records differ from -m's"
grep -q '"label": "condemns"' "$TMP/default.jsonl" || fail "unexpected summary: $(cat "$TMP/default.jsonl")"
"$P/bin/stance-eval" --help >/dev/null || fail "stance-eval --help"

mv "$P/share/stance/treaties.model" "$TMP/aside.model"
code=0
"$P/bin/stance-classify" "$SAMPLE" >/dev/null 2>"$TMP/err" || code=$?
[ "$code" -eq 2 ] || fail "without a model: exit $code, expected 2"
grep -qF "$(cd "$P" && pwd -P)/bin/../share/stance/treaties.model" "$TMP/err" ||
  fail "the message does not name the prefix's model file: $(cat "$TMP/err")"
mv "$TMP/aside.model" "$P/share/stance/treaties.model"

for tool in stance-train stance-classify stance-eval; do
  [ -s "$P/share/man/man1/$tool.1" ] || fail "no man page share/man/man1/$tool.1"
done

# A C program against the installed library, through pkg-config.
cat >"$TMP/prog.c" <<'EOF'
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stance.h>

int main(void)
{
    char *path;
    stance_error err;
    stance_model *m;
    stance_predictor *p;
    stance_prediction r;
    const char *text = "The opposition denounced the treaty as illegal.";
    if (stance_model_default_path(&path, &err) != STANCE_OK ||
        stance_model_load(path, &m, &err) != STANCE_OK) {
        fprintf(stderr, "%s\n", err.message);
        return 1;
    }
    if (stance_predictor_new(m, &p) != STANCE_OK ||
        stance_predict(p, text, strlen(text), 0, &r) != STANCE_OK)
        return 1;
    printf("%s\n%s\n", path, stance_model_label(m, r.label));
    stance_predictor_free(p);
    stance_model_free(m);
    free(path);
    return 0;
}
EOF
export PKG_CONFIG_PATH="$P/lib/pkgconfig"
flags=$(pkg-config --cflags --libs stance) || fail "pkg-config does not find stance in $P/lib/pkgconfig"
${CC:-cc} -o "$TMP/prog" "$TMP/prog.c" $flags || fail "compiling against the installed library ($flags)"
"$TMP/prog" >"$TMP/out" 2>"$TMP/err" || { cat "$TMP/err"; fail "the program failed"; }
[ "$(sed -n 1p "$TMP/out")" = "$(cd "$P" && pwd -P)/share/stance/treaties.model" ] ||
  fail "stance_model_default_path gave $(sed -n 1p "$TMP/out")"
[ "$(sed -n 2p "$TMP/out")" = condemns ] || fail "the program's label: $(sed -n 2p "$TMP/out")"
if command -v ldd >/dev/null; then
  ldd "$TMP/prog" | grep -q "libstance.so.* => $P/" || fail "libstance not from the prefix: $(ldd "$TMP/prog")"
fi

echo "install: the moved prefix classifies, links and finds its model"
