#!/usr/bin/env bash
# End-to-end tests of attribution options in stance-classify: --lines keeps
# each line's target to itself unless --context is given, and --explain
# names the rules behind each source and target.
# Usage: attrib.sh BINDIR TESTSDIR SOURCEDIR
BIN=$1 TESTS=$2 SRC=$3
. "$(dirname "$0")/lib.sh"

MODEL="$SRC/models/treaties.model"
cat >"$TMP/feed.txt" <<'TXT'
The Montreux Convention review opened in Istanbul on Monday.
Officials said the pact would hold for another decade.
Ferry timetables for the summer season were published on the city website.
TXT

case_ "--lines: a line's target is a treaty it names, nothing carried"
run "$BIN/stance-classify" -m "$MODEL" --lines -f jsonl "$TMP/feed.txt"
expect_exit 0; expect_lines 3
py "$OUT" <<'PY' && ok || bad "targets carried across lines"
import json, sys
r = [json.loads(l) for l in open(sys.argv[1])]
assert r[0]["target"] == "Montreux Convention", r[0]
assert r[1]["target"] is None and r[2]["target"] is None, r
assert r[1]["source"] == "Officials", r[1]
assert "source_rule" not in r[0], r[0]  # rules come with --explain only
PY

case_ "--lines --context: lines make one text"
run "$BIN/stance-classify" -m "$MODEL" --lines --context -f jsonl "$TMP/feed.txt"
expect_exit 0; expect_lines 3
py "$OUT" <<'PY' && ok || bad "no target from the lines before"
import json, sys
r = [json.loads(l) for l in open(sys.argv[1])]
assert r[1]["target"] == "Montreux Convention", r[1]
PY

case_ "--context without --lines is a usage error"
run "$BIN/stance-classify" -m "$MODEL" --context "$TMP/feed.txt"
expect_exit 2; expect_err_has "--context goes with --lines"

case_ "--explain: source_rule and target_rule in JSON records"
run "$BIN/stance-classify" -m "$MODEL" --lines --context --explain 1 -f jsonl "$TMP/feed.txt"
expect_exit 0
py "$OUT" <<'PY' && ok || bad "rule fields wrong"
import json, sys
r = [json.loads(l) for l in open(sys.argv[1])]
assert r[0]["target_rule"] == "gazetteer name" and r[0]["source_rule"] is None, r[0]
assert r[1]["source_rule"] == "speech-verb subject", r[1]
assert r[1]["target_rule"] == "refers back", r[1]
PY

case_ "--explain: the rules in text records"
run "$BIN/stance-classify" -m "$MODEL" --lines --explain 1 "$TMP/feed.txt"
expect_exit 0
expect_out_has "by rule: source -; target gazetteer name"
expect_out_has "by rule: source speech-verb subject; target -"

case_ "--explain: the rules of treaties named by a phrase"
cat >"$TMP/phrase.txt" <<'TXT'
Brussels signed a memorandum of understanding with Tunisia in July.

The Paris Agreement binds 195 parties. Critics want the Paris Agreement weakened. Leaving the Energy Charter Treaty would not breach the Paris Agreement, the minister said.

The two states signed an accord known as the Velan-Oru Water Initiative.
TXT
run "$BIN/stance-classify" -m "$MODEL" --explain 1 -f jsonl "$TMP/phrase.txt"
expect_exit 0
py "$OUT" <<'PY' && ok || bad "phrase rules wrong"
import json, sys
r = [json.loads(l) for l in open(sys.argv[1])]
assert r[0]["target_rule"] == "gazetteer: treaty with a party", r[0]
assert r[0]["target"] == "EU-Tunisia memorandum of understanding", r[0]
assert r[3]["target_rule"] == "main treaty among those named", r[3]
assert r[3]["target"] == "Paris Agreement", r[3]
assert r[4]["target_rule"] == 'name after "known as"', r[4]
assert r[4]["target"] == "Velan-Oru Water Initiative", r[4]
PY

case_ "--summary: one speaker written several ways is one source"
printf 'Washington said the New START treaty must be extended.\n\nThe US warned that the treaty would lapse.\n' >"$TMP/us.txt"
run "$BIN/stance-classify" -m "$MODEL" -f jsonl --summary "$TMP/us.txt"
expect_exit 0
py "$OUT" <<'PY' && ok || bad "sources not merged"
import json, sys
r = json.loads(open(sys.argv[1]).read())
assert list(r["sources"]) == ["United States"], r["sources"]
assert sum(r["sources"]["United States"].values()) == 2, r
PY
run "$BIN/stance-classify" -m "$MODEL" -f jsonl "$TMP/us.txt"
expect_exit 0; expect_out_has '"source": "Washington"'  # sentences keep the form written

echo "attrib.sh: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
