#!/bin/sh
# tests/layers_check.sh: tests/layers.py on small made-up trees, so that
# each of its rules is seen to fail: a call from a lower layer to a
# function only a higher layer's .c defines is reported (naming file, line
# and function), comments, strings, static functions and names defined in
# two layers are not, and the same tree without the call passes.
# Usage: tests/layers_check.sh
set -u
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
mkdir -p "$tmp/src/base" "$tmp/src/score"
cat > "$tmp/src/score/high.c" <<'C'
/* high.c */
int high_fn(int x)
{
    return x + 1;
}

static int quiet(int x)
{
    return x;
}

int twice(int x)
{
    return quiet(x) * 2;
}
C
cat > "$tmp/src/base/low.c" <<'C'
/* low.c: high_fn(1) in a comment is no call */
static int quiet(int x)
{
    return x;
}

int twice(int x)
{
    return x * 2;
}

int low_fn(void)
{
    const char *s = "high_fn(2)";
    return quiet(twice((int)s[0]))
        + high_fn(3);
}
C
out=$(python3 "$here/layers.py" "$tmp/src" 2>&1)
rc=$?
if [ $rc -ne 1 ]; then
    echo "layers_check: an upward call passed (exit $rc): $out"; fail=1
fi
case $out in
*"src/base/low.c:16: calls high_fn(), defined in src/score/high.c"*) ;;
*) echo "layers_check: the upward call not named: $out"; fail=1 ;;
esac
if [ "$(printf '%s\n' "$out" | grep -c 'calls ')" -ne 1 ]; then
    echo "layers_check: other than one call reported: $out"; fail=1
fi
sed 's/+ high_fn(3)/+ 3/' "$tmp/src/base/low.c" > "$tmp/low.c" && mv "$tmp/low.c" "$tmp/src/base/low.c"
out=$(python3 "$here/layers.py" "$tmp/src" 2>&1) || {
    echo "layers_check: the tree without the call fails: $out"; fail=1
}
[ $fail -eq 0 ] && echo "layers_check: ok"
exit $fail
