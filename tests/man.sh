#!/usr/bin/env bash
# The man pages (generated at build time from --help by scripts/gen_man.py)
# render with groff without a warning, and each names every option its
# tool's --help lists, and the tool's synopsis.
# Usage: man.sh BINDIR MANDIR
set -u
BIN=$1 MAN=$2
export LC_ALL=C.UTF-8
fail=0
bad() { echo "FAIL [$1]: $2"; fail=1; }
command -v groff >/dev/null || { echo "groff not installed (Debian groff-base): cannot render"; exit 1; }
for tool in stance-train stance-classify stance-eval; do
  page=$MAN/$tool.1
  [ -s "$page" ] || { bad "$tool" "no page $page"; continue; }
  warnings=$(groff -man -Tutf8 -ww -z "$page" 2>&1)
  [ -z "$warnings" ] || bad "$tool" "groff warns: $warnings"
  # wide lines, no hyphenation breaks, plain ASCII hyphens
  text=$(groff -man -Tascii -rLL=250n -P-c -P-b -P-u "$page" 2>/dev/null)
  grep -q "^NAME" <<<"$text" && grep -q "^ *$tool - " <<<"$text" || bad "$tool" "no NAME line"
  grep -q "^ *$tool \[" <<<"$text" || bad "$tool" "no synopsis"
  for opt in $("$BIN/$tool" --help | grep -oE '(^|[ ,])--?[A-Za-z][-A-Za-z]*' | tr -d ' ,' | sort -u); do
    grep -qE -- "(^|[^-A-Za-z])$opt([^-A-Za-z]|$)" <<<"$text" || bad "$tool" "option $opt missing from the page"
  done
done
[ "$fail" -eq 0 ] && echo "man: 3 pages render cleanly and list every option"
exit "$fail"
