#!/usr/bin/env bash
# Throughput, scaling and memory of pledger on large news inputs, measured side by side with
# ripgrep in one run (issue 5).
#
#   scripts/bench.sh [--size MB] [--memory]
#
# Builds the inputs from ../shared/eval/dev/*.txt (or fixtures/ when that is absent): the
# articles concatenated and repeated to at least --size MB (default 200), as one plain file
# and as JSONL (one article a line). Prints MB/s for `rg -c '[0-9]'`, `pledger figures` and
# `pledger ledger` on one thread, the ratio to ripgrep, the speed-up of figures on JSONL with
# all cores against one thread (and whether the two outputs are byte-identical), and peak
# memory (/usr/bin/time -v). With --memory it also builds a 1 GiB JSONL file and reports the
# peak resident size of figures and ledger runs over it, and of the ledger on one 100 MB line.
# It also prints the start-up time of each command on a one-sentence document.
set -euo pipefail
cd "$(dirname "$0")/.."

size_mb=200
memory=0
while [ $# -gt 0 ]; do
  case "$1" in
    --size) size_mb="$2"; shift 2 ;;
    --memory) memory=1; shift ;;
    *) echo "usage: scripts/bench.sh [--size MB] [--memory]" >&2; exit 2 ;;
  esac
done

command -v rg >/dev/null || { echo "bench.sh: needs ripgrep (apt-get install ripgrep)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench.sh: needs /usr/bin/time (apt-get install time)" >&2; exit 2; }

cargo build --release --quiet
bin=target/release/pledger
work=target/bench
mkdir -p "$work"

src=../shared/eval/dev
ls "$src"/*.txt >/dev/null 2>&1 || src=fixtures

python3 - "$src" "$work" "$size_mb" <<'EOF'
import glob, json, os, sys
src, work, size_mb = sys.argv[1], sys.argv[2], int(sys.argv[3])
texts = [open(p, encoding="utf-8").read() for p in sorted(glob.glob(os.path.join(src, "*.txt")))]
target = size_mb * 1000 * 1000
with open(os.path.join(work, "news.txt"), "w", encoding="utf-8") as txt, \
     open(os.path.join(work, "news.jsonl"), "w", encoding="utf-8") as jl:
    n = written = 0
    while written < target:
        for t in texts:
            txt.write(t + "\n\n")
            jl.write(json.dumps({"id": f"a{n}", "text": t}) + "\n")
            written += len(t.encode("utf-8")) + 2
            n += 1
print(f"inputs: {n} articles, {written / 1e6:.0f} MB of text", file=sys.stderr)
EOF

mb() { echo "scale=1; $(stat -c %s "$1") / 1000000" | bc; }
# Runs a command, prints "seconds maxrss_kb".
timed() {
  local report=$work/time.out
  /usr/bin/time -o "$report" -f '%e %M' "$@" >/dev/null 2>/dev/null
  tail -1 "$report"
}
rate() { echo "scale=1; $1 / $2" | bc; }

txt=$work/news.txt
jsonl=$work/news.jsonl
size_txt=$(mb "$txt")
size_jsonl=$(mb "$jsonl")

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "input:   $txt ($size_txt MB), $jsonl ($size_jsonl MB)"

read -r t_rg m_rg < <(timed rg -c '[0-9]' "$txt")
read -r t_fig m_fig < <(timed "$bin" figures -q --threads 1 "$txt" -o /dev/null)
read -r t_led m_led < <(timed "$bin" ledger -q --threads 1 "$txt" -o /dev/null)
read -r t_j1 m_j1 < <(timed "$bin" figures -q --threads 1 "$jsonl" -o "$work/one.csv")
read -r t_jn m_jn < <(timed "$bin" figures -q --threads "$(nproc)" "$jsonl" -o "$work/all.csv")
identical=no
cmp -s "$work/one.csv" "$work/all.csv" && identical=yes
read -r t_l1 m_l1 < <(timed "$bin" ledger -q --threads 1 "$jsonl" -o "$work/one.csv")
read -r t_ln m_ln < <(timed "$bin" ledger -q --threads "$(nproc)" "$jsonl" -o "$work/all.csv")
identical_l=no
cmp -s "$work/one.csv" "$work/all.csv" && identical_l=yes

printf '%-34s %8s %9s %10s\n' "run" "seconds" "MB/s" "peak RSS"
printf '%-34s %8s %9s %8s MiB\n' "rg -c '[0-9]' (plain)" "$t_rg" "$(rate "$size_txt" "$t_rg")" $((m_rg / 1024))
printf '%-34s %8s %9s %8s MiB\n' "pledger figures, 1 thread (plain)" "$t_fig" "$(rate "$size_txt" "$t_fig")" $((m_fig / 1024))
printf '%-34s %8s %9s %8s MiB\n' "pledger ledger, 1 thread (plain)" "$t_led" "$(rate "$size_txt" "$t_led")" $((m_led / 1024))
printf '%-34s %8s %9s %8s MiB\n' "pledger figures, 1 thread (jsonl)" "$t_j1" "$(rate "$size_jsonl" "$t_j1")" $((m_j1 / 1024))
printf '%-34s %8s %9s %8s MiB\n' "pledger figures, $(nproc) threads (jsonl)" "$t_jn" "$(rate "$size_jsonl" "$t_jn")" $((m_jn / 1024))
printf '%-34s %8s %9s %8s MiB\n' "pledger ledger, 1 thread (jsonl)" "$t_l1" "$(rate "$size_jsonl" "$t_l1")" $((m_l1 / 1024))
printf '%-34s %8s %9s %8s MiB\n' "pledger ledger, $(nproc) threads (jsonl)" "$t_ln" "$(rate "$size_jsonl" "$t_ln")" $((m_ln / 1024))
echo "ratio figures / rg:        $(echo "scale=1; $t_fig / $t_rg" | bc)x"
echo "speed-up on $(nproc) threads:     figures $(echo "scale=2; $t_j1 / $t_jn" | bc)x (output identical to 1 thread: $identical), ledger $(echo "scale=2; $t_l1 / $t_ln" | bc)x (identical: $identical_l)"

# Start-up: the median of 30 runs over a one-sentence document, per command.
one=$work/one.txt
echo "Britain granted Ukraine £1.6 billion (\$2 billion) to buy over 5,000 missiles." > "$one"
for cmd in figures ledger; do
  for _ in $(seq 30); do
    # Microseconds from bash's own clock (no process started to read it).
    t0=${EPOCHREALTIME/./}; "$bin" "$cmd" -q "$one" -o /dev/null; t1=${EPOCHREALTIME/./}
    echo $(( t1 - t0 ))
  done | sort -n | sed -n 15p | awk -v c="$cmd" '{ printf "start-up, %s on one sentence: %.1f ms (median of 30)\n", c, $1 / 1000 }'
done

if [ "$memory" = 1 ]; then
  big=$work/big.jsonl
  if [ ! -f "$big" ] || [ "$(stat -c %s "$big")" -lt 1073741824 ]; then
    : > "$big"
    while [ "$(stat -c %s "$big")" -lt 1073741824 ]; do cat "$jsonl" >> "$big"; done
  fi
  read -r t_big m_big < <(timed "$bin" figures -q "$big" -o /dev/null)
  echo "1 GiB JSONL, figures on $(nproc) threads: $t_big s, peak RSS $((m_big / 1024)) MiB"
  read -r t_bigl m_bigl < <(timed "$bin" ledger -q "$big" -o /dev/null)
  echo "1 GiB JSONL, ledger on $(nproc) threads: $t_bigl s, peak RSS $((m_bigl / 1024)) MiB"
  # One 100 MB line: the first 100 MB of the plain file as one JSON Lines document.
  line=$work/line.jsonl
  python3 -c "import json,sys; t=open(sys.argv[1],encoding='utf-8').read(100*1000*1000); sys.stdout.write(json.dumps({'id':'line','text':t})+'\n')" "$txt" > "$line"
  read -r t_line m_line < <(timed "$bin" ledger -q "$line" -o /dev/null)
  echo "one 100 MB JSON line, ledger: $t_line s, peak RSS $((m_line / 1024)) MiB"
fi
rm -f "$work/one.csv" "$work/all.csv"
