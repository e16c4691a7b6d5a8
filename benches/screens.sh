#!/usr/bin/env bash
# Every screen on first open, as a person clicks through the window: the time from the click on the
# menu to the screen's data painted (the window's own mark, ZHIBU_SCREEN_REPORT: every command the
# screen started has answered and the next frame is drawn), and the PSS of the app and its WebKit
# processes once the screen is shown. Driven by real mouse clicks (xdotool), not WebDriver, so the
# window runs as a person's does.
#
#   benches/screens.sh [BINARY] [SCALE]    default: target/release/zhibu (make deb), the large demo
#
# Needs a display and xdotool: `apt-get install xdotool`, then
#   xvfb-run -a -s "-screen 0 1280x800x24" benches/screens.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(readlink -f "${1:-target/release/zhibu}")
scale=${2:-large}
[ -x "$bin" ] || { echo "no binary at $bin: build it with make deb" >&2; exit 1; }
[ -n "${DISPLAY:-}" ] || { echo "no display: run under xvfb-run" >&2; exit 1; }
command -v xdotool >/dev/null || { echo "xdotool is needed: apt-get install xdotool" >&2; exit 1; }

work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT

tree() {
  local p=$1
  echo "$p"
  for c in $(ps -o pid= --ppid "$p" 2>/dev/null); do tree "$c"; done
}
pss_mb() {
  local total=0 k
  for p in $(tree "$pid"); do
    k=$(awk '/^Pss:/ {print $2}' "/proc/$p/smaps_rollup" 2>/dev/null || echo 0)
    total=$((total + ${k:-0}))
  done
  echo $((total / 1024))
}

db="$work/$scale.db"
"$bin" --db "$db" demo --scale "$scale" --today 2026-12-02 >/dev/null
home="$work/home"
mkdir -p "$home"
HOME="$home" XDG_DATA_HOME="$home/data" XDG_CACHE_HOME="$home/cache" XDG_CONFIG_HOME="$home/config" \
  ZHIBU_DB="$db" ZHIBU_TODAY=2026-12-02 ZHIBU_STARTUP_REPORT="$work/startup.json" \
  ZHIBU_SCREEN_REPORT="$work/screens.jsonl" "$bin" >/dev/null 2>&1 &
pid=$!
for _ in $(seq 1 1200); do [ -s "$work/startup.json" ] && break; sleep 0.05; done
[ -s "$work/startup.json" ] || { echo "the window did not show the 工作台 within 60 s" >&2; exit 1; }
sleep 2
win=$(xdotool search --sync --onlyvisible --name "党支部工作台账" | head -1)
xdotool windowmove "$win" 0 0 windowsize "$win" 1280 800
sleep 1
first=$(sed 's/.*"first_screen_ms":\([0-9]*\).*/\1/' "$work/startup.json")

echo "binary: $bin; ledger: the $scale demo"
printf '%-12s %10s %8s\n' screen "ms" "PSS(MB)"
printf '%-12s %10s %8s\n' dashboard "$first" "$(pss_mb)"
# The menu's items from the top, 56 px apart from y = 84 in the window at 1280×800 (各支部 only in a
# ledger with organisations under others: the large demo), clicked in the order a person meets them.
menu=(dashboard plan)
[ "$scale" = large ] && menu+=(committee)
menu+=(roster meetings dues funds development standards orgs bin backups)
for screen in "${menu[@]:1}" dashboard; do
  for i in "${!menu[@]}"; do [ "${menu[$i]}" = "$screen" ] && y=$((84 + 56 * i)); done
  touch "$work/screens.jsonl"
  before=$(wc -l < "$work/screens.jsonl")
  xdotool mousemove --window "$win" 70 "$y" click 1
  line=
  for _ in $(seq 1 1200); do
    if [ "$(wc -l < "$work/screens.jsonl")" -gt "$before" ]; then
      line=$(tail -1 "$work/screens.jsonl"); break
    fi
    sleep 0.05
  done
  [ -n "$line" ] || { echo "$screen: no data on screen within 60 s" >&2; exit 1; }
  got=$(sed 's/.*"screen":"\([a-z]*\)".*/\1/' <<<"$line")
  [ "$got" = "$screen" ] || { echo "clicked for $screen but $got opened: the menu moved" >&2; exit 1; }
  ms=$(sed 's/.*"ms":\([0-9]*\).*/\1/' <<<"$line")
  sleep 1 # let the page settle before reading memory
  printf '%-12s %10s %8s\n' "$screen" "$ms" "$(pss_mb)"
done
# Where the memory is at the end: each process of the window, its PSS and the anonymous part of it.
echo "at the end, by process (PSS / of it anonymous, MB):"
for p in $(tree "$pid"); do
  [ -r "/proc/$p/smaps_rollup" ] || continue
  awk -v name="$(cat /proc/$p/comm)" '/^Pss:/ {pss=$2} /^Pss_Anon:/ {anon=$2} END {printf "  %-18s %6d %6d\n", name, pss/1024, anon/1024}' "/proc/$p/smaps_rollup"
done
