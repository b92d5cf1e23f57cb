#!/bin/sh
# run.sh SECONDS HARNESS... — runs each libFuzzer harness for SECONDS from a
# seed corpus made of the project's test inputs and the shared fixtures, in
# a temporary folder.  Exits non-zero on the first finding (the crashing
# input is kept in the printed folder: it is raw input, keep it private).
set -eu
secs=$1; shift
top=$(cd "$(dirname "$0")/../.." && pwd)
shared=${ROLEAUDIT_SHARED:-$top/../shared}
work=$(mktemp -d "${TMPDIR:-/tmp}/roleaudit-fuzz.XXXXXX")
status=0
for h in "$@"; do
	name=$(basename "$h")
	corpus="$work/$name-corpus"; mkdir -p "$corpus"
	case $name in
	fuzz_reader)
		# byte 0: options (0 = detect everything), byte 1: chunk size
		for f in "$top"/tests/data/*.csv "$top"/tests/data/*.txt "$top"/examples/*.csv \
		    "$shared"/reliability/fixtures/*.csv "$shared"/reliability/fixtures/*.txt; do
			[ -f "$f" ] || continue
			[ "$(wc -c <"$f")" -lt 65536 ] || continue
			{ printf '\000\003'; cat "$f"; } >"$corpus/$(basename "$f")"
		done ;;
	fuzz_config)
		# every config the project ships or tests, plus one of each key
		for f in "$top"/examples/*/.roleaudit "$top"/tests/data/check/*.roleaudit \
		    "$top"/tests/data/check/*/.roleaudit "$top"/tests/fuzz/seeds/config/*; do
			[ -f "$f" ] && cp "$f" "$corpus/$(echo "$f" | tr / _)"
		done ;;
	fuzz_rules)
		for f in "$top"/rules/*.rules "$top"/tests/data/rules/*.rules \
		    "$top"/tests/fuzz/seeds/rules/*; do
			[ -f "$f" ] && cp "$f" "$corpus/"
		done ;;
	fuzz_merge)
		# report parts, whole reports written as JSON, and baselines
		for f in "$top"/tests/data/report/*.json "$top"/examples/jd-repo/.roleaudit-baseline \
		    "$top"/tests/golden/cases/report-*json*/expected.out \
		    "$top"/tests/golden/cases/check-baseline-*/expected.out; do
			[ -f "$f" ] && cp "$f" "$corpus/$(echo "$f" | tr / _)"
		done ;;
	esac
	echo "== $name: ${secs}s, $(ls "$corpus" | wc -l) seeds"
	if ! "$h" -max_total_time="$secs" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
	    -print_final_stats=1 -artifact_prefix="$work/$name-" "$corpus" \
	    >"$work/$name.log" 2>&1; then
		tail -40 "$work/$name.log"
		echo "$name: FINDING, artifacts in $work"
		status=1
		continue
	fi
	grep -E 'stat::number_of_executed_units|stat::peak_rss_mb' "$work/$name.log" || true
	echo "$name: no finding"
done
[ $status -ne 0 ] || rm -rf "$work"
exit $status
