#!/bin/sh
# make-gb18030.sh — regenerates hr-export-gb18030.csv from hr-export.csv:
# the same rows in GB18030 with no BOM and CRLF line ends, which is what
# Excel on zh-CN Windows writes when a sheet is saved as plain "CSV".
# Run from anywhere; checks that both files decode to identical rows.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src="$here/hr-export.csv"
dst="$here/hr-export-gb18030.csv"
tmp="$dst.tmp.$$"
trap 'rm -f "$tmp"' EXIT INT TERM

# Drop the UTF-8 BOM (3 bytes), then convert; iconv fails loudly on any
# character GB18030 cannot hold, so nothing is silently dropped.
tail -c +4 "$src" | iconv -f UTF-8 -t GB18030 > "$tmp"
mv "$tmp" "$dst"

# Both files must hold the same rows, byte for byte once decoded.
a=$(tail -c +4 "$src" | cksum)
b=$(iconv -f GB18030 -t UTF-8 "$dst" | cksum)
if [ "$a" != "$b" ]; then
	echo "make-gb18030.sh: $dst does not decode to the rows of $src" >&2
	exit 1
fi
echo "wrote $dst"
