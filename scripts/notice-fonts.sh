#!/usr/bin/env bash
# Regenerates the fonts letters are printed with (src/notices/fonts/) from Debian's Noto
# packages: scripts/notice-fonts.sh
#
# Needs: apt-get install -y fonts-noto-core fonts-noto-cjk python3-fonttools (its subsetter,
# pyftsubset, run as `python3 -m fontTools.subset`; PYTHON names another interpreter).
# Each font is cut down to what letters print (hinting dropped: a PDF does not need it;
# the shaping features kept, so Devanagari, Myanmar and Arabic still shape). Chinese keeps only
# the characters the taglines use (src/notices/taglines.ts), read from that file, so add a
# tagline in a new CJK wording and run this again. The fonts are under the SIL Open Font
# License 1.1 (src/notices/fonts/OFL.txt).
set -euo pipefail
cd "$(dirname "$0")/.."

core=/usr/share/fonts/truetype/noto
cjk=/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
out=src/notices/fonts
py=${PYTHON:-/usr/bin/python3}
"$py" -c 'import fontTools.subset' 2>/dev/null || { echo "fontTools is missing: apt-get install -y python3-fonttools" >&2; exit 1; }
pyftsubset() { "$py" -m fontTools.subset "$@"; }
for f in "$core/NotoSans-Regular.ttf" "$core/NotoSans-Bold.ttf" "$core/NotoSansDevanagari-Regular.ttf" "$core/NotoSansMyanmar-Regular.ttf" "$core/NotoSansArabic-Regular.ttf" "$cjk"; do
  [ -f "$f" ] || { echo "Missing $f: apt-get install -y fonts-noto-core fonts-noto-cjk" >&2; exit 1; }
done
mkdir -p "$out"

# pyftsubset's default layout features cover shaping (Indic, Myanmar and Arabic forms, marks, kerning);
# stylistic alternates are dropped.
common=(--no-hinting --desubroutinize --name-IDs='*' --name-legacy --name-languages='*' --notdef-outline --drop-tables+=DSIG)
# ASCII, Latin-1 and the punctuation every script's text carries (digits of phone numbers, brackets, colons).
basic='U+0020-007E,U+00A0-00FF,U+2000-206F,U+25CC'

# Latin (with Vietnamese), Greek and Cyrillic: names, addresses and the European taglines.
latin="$basic,U+0100-024F,U+0259,U+02B0-02FF,U+0300-036F,U+0370-03FF,U+0400-052F,U+1E00-1EFF,U+20A0-20BF,U+2100-2122,U+2190-2193,U+2212,U+FB00-FB04,U+FFFD"
pyftsubset "$core/NotoSans-Regular.ttf" --unicodes="$latin" "${common[@]}" --output-file="$out/NotoSans-Regular.ttf"
pyftsubset "$core/NotoSans-Bold.ttf" --unicodes="$latin" "${common[@]}" --output-file="$out/NotoSans-Bold.ttf"

pyftsubset "$core/NotoSansDevanagari-Regular.ttf" --unicodes="$basic,U+0900-097F,U+1CD0-1CFF,U+A8E0-A8FF" "${common[@]}" --output-file="$out/NotoSansDevanagari-Regular.ttf"
pyftsubset "$core/NotoSansMyanmar-Regular.ttf" --unicodes="$basic,U+1000-109F,U+A9E0-A9FF,U+AA60-AA7F" "${common[@]}" --output-file="$out/NotoSansMyanmar-Regular.ttf"
pyftsubset "$core/NotoSansArabic-Regular.ttf" --unicodes="$basic,U+0600-06FF,U+0750-077F,U+08A0-08FF" "${common[@]}" --output-file="$out/NotoSansArabic-Regular.ttf"

# Traditional Chinese: face 3 of the collection is Noto Sans CJK TC. Only the characters of the
# taglines (and full-width punctuation), so the file stays small.
han=$("$py" - <<'PY'
import re
text = open('src/notices/taglines.ts', encoding='utf-8').read()
chars = sorted({c for c in text if 0x2E80 <= ord(c) <= 0x9FFF or 0xF900 <= ord(c) <= 0xFAFF or 0xFF00 <= ord(c) <= 0xFFEF})
print(''.join(chars))
PY
)
pyftsubset "$cjk" --font-number=3 --text="$han" --unicodes="U+0020,U+3000-3003" "${common[@]}" --output-file="$out/NotoSansCJKtc-Subset.otf"

ls -l "$out"
