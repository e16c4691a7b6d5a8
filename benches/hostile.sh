#!/usr/bin/env bash
# Peak memory, time and exit code of the CLI on every hand-made bad file (docs/robustness.md).
# Usage: benches/hostile.sh [ZHIBU_BINARY] [DIR] (default: the core-only CLI, built with
# `cargo build --release -p zhibu --example zhibu_cli`). Writes the files with the test suite's generator,
# then runs `import-roster` on each workbook and `import` on each package, plus a FIFO and /dev/zero,
# each against a fresh copy of a small demo ledger, under a 120 s timeout and an address-space limit
# (HOSTILE_LIMIT_MB, default 8000: an unguarded reader would otherwise exhaust the machine; one
# looping .xls took 22 GB before the kernel killed it).
set -uo pipefail
cd "$(dirname "$0")/.."
bin="${1:-target/release/examples/zhibu_cli}"
dir="${2:-$(mktemp -d)}"
command -v /usr/bin/time >/dev/null || { echo "needs GNU time (apt-get install time)"; exit 2; }
if [ -z "$(ls -A "$dir" 2>/dev/null)" ]; then
  ZHIBU_HOSTILE_DIR="$dir" cargo test --quiet -p zhibu --test it -- --ignored --exact hostile::cases::write_the_hostile_files >/dev/null
fi
work="$(mktemp -d)"
"$bin" --db "$work/demo.db" demo --scale small --today 2026-11-22 >/dev/null
rm -f "$dir/fifo.xlsx" "$dir/fifo.json"; mkfifo "$dir/fifo.xlsx" "$dir/fifo.json"
ln -sf /dev/zero "$dir/zero.xlsx"; ln -sf /dev/zero "$dir/zero.json"
printf '%-28s %-13s %5s %9s %8s  %s\n' file command exit "peak MB" seconds "message"
for f in "$dir"/*; do
  name="$(basename "$f")"
  case "$name" in *.json) cmd=import ;; *) cmd=import-roster ;; esac
  cp "$work/demo.db" "$work/l.db"
  ( ulimit -v $(( ${HOSTILE_LIMIT_MB:-8000} * 1024 ))
    exec timeout 120 /usr/bin/time -v -o "$work/time" "$bin" --db "$work/l.db" "$cmd" "$f" --today 2026-11-22 ) \
    >/dev/null 2>"$work/err"
  code=$?
  rss=$(awk -F': ' '/Maximum resident/ {printf "%.0f", $2/1024}' "$work/time" 2>/dev/null)
  secs=$(awk -F': ' '/Elapsed/ {print $2}' "$work/time" 2>/dev/null)
  [ "$code" = 124 ] && { code=timeout; rss=-; secs=">120"; }
  msg="$(grep -v '^$' "$work/err" | head -1 | cut -c1-90)"
  printf '%-28s %-13s %5s %9s %8s  %s\n' "$name" "$cmd" "$code" "${rss:--}" "${secs:--}" "$msg"
done
rm -rf "$work"
