# Helpers of the end-to-end CLI tests (sourced by run.sh and safety.sh,
# which set BIN, TESTS and SRC): each case runs a real command and checks
# its exit status, stdout and stderr.
set -u
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export LC_ALL=C.UTF-8
unset STANCE_MODEL
pass=0 fail=0 name=""
OUT="$TMP/out" ERR="$TMP/err"

# STANCE_TEST_WRAP runs every checked command under a tool, e.g.
# "valgrind --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect"
WRAP=${STANCE_TEST_WRAP:-}
run() { $WRAP "$@" >"$OUT" 2>"$ERR"; CODE=$?; [ "$CODE" -ne 99 ] || echo "FAIL [$name]: memory or thread errors: $(grep -m3 -E '==[0-9]*== |ThreadSanitizer' "$ERR")"; [ "$CODE" -ne 99 ] || fail=$((fail + 1)); sed -i '/^==[0-9]*==/d' "$ERR"; }
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL [$name]: $*"; echo "  stdout: $(head -c 600 "$OUT")"; echo "  stderr: $(head -c 600 "$ERR")"; }
case_() { name=$1; }
expect_exit() { [ "$CODE" -eq "$1" ] && ok || bad "exit $CODE, expected $1"; }
expect_out() { [ "$(cat "$OUT")" = "$1" ] && ok || bad "stdout differs from: $1"; }
expect_err() { [ "$(cat "$ERR")" = "$1" ] && ok || bad "stderr differs from: $1"; }
expect_out_has() { grep -qF -- "$1" "$OUT" && ok || bad "stdout lacks: $1"; }
expect_err_has() { grep -qF -- "$1" "$ERR" && ok || bad "stderr lacks: $1"; }
expect_no_err() { [ ! -s "$ERR" ] && ok || bad "stderr not empty"; }
expect_lines() { [ "$(wc -l <"$OUT")" -eq "$1" ] && ok || bad "$(wc -l <"$OUT") stdout lines, expected $1"; }
py() { python3 - "$@"; }
