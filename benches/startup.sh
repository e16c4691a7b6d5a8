#!/usr/bin/env bash
# Start-up and memory of the window: from process start to the 工作台 showing data (the app's own mark,
# ZHIBU_STARTUP_REPORT), then the PSS of the app and each WebKit process it started, on the small and
# the large demo ledger. Cold: each run gets empty HOME/XDG folders (no WebKit cache).
#
#   benches/startup.sh [BINARY] [RUNS]     default: target/release/zhibu (make deb), 3 runs
#
# Needs a display: run under `xvfb-run -a -s "-screen 0 1280x800x24" benches/startup.sh`.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(readlink -f "${1:-target/release/zhibu}")
runs=${2:-3}
[ -x "$bin" ] || { echo "no binary at $bin: build it with make deb" >&2; exit 1; }
[ -n "${DISPLAY:-}" ] || { echo "no display: run under xvfb-run" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The process and every process below it.
tree() {
  local p=$1
  echo "$p"
  for c in $(ps -o pid= --ppid "$p" 2>/dev/null); do tree "$c"; done
}

pss_kib() { awk '/^Pss:/ {print $2}' "/proc/$1/smaps_rollup" 2>/dev/null || echo 0; }

one_run() {
  local db=$1 home report pid ms line
  home=$(mktemp -d -p "$work")
  report="$home/startup.json"
  HOME="$home" XDG_DATA_HOME="$home/data" XDG_CACHE_HOME="$home/cache" XDG_CONFIG_HOME="$home/config" \
    ZHIBU_DB="$db" ZHIBU_STARTUP_REPORT="$report" "$bin" >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 1 1200); do [ -s "$report" ] && break; sleep 0.05; done
  [ -s "$report" ] || { kill "$pid"; echo "the window did not show the 工作台 within 60 s" >&2; exit 1; }
  ms=$(sed 's/.*"first_screen_ms":\([0-9]*\).*/\1/' "$report")
  sleep 2 # let the page settle before reading memory
  line="$ms"
  local total=0 app=0 web=0 net=0 other=0 k name
  for p in $(tree "$pid"); do
    k=$(pss_kib "$p"); name=$(cat "/proc/$p/comm" 2>/dev/null || echo gone)
    total=$((total + k))
    case "$name" in
      WebKitWebProces*) web=$((web + k)) ;;
      WebKitNetworkPr*) net=$((net + k)) ;;
      zhibu) app=$((app + k)) ;;
      *) other=$((other + k)) ;;
    esac
  done
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  echo "$line $((total / 1024)) $((app / 1024)) $((web / 1024)) $((net / 1024)) $((other / 1024))"
}

echo "binary: $bin ($(stat -c %s "$bin") bytes)"
printf '%-6s %-4s %10s %10s %8s %8s %8s %8s\n' scale run "first(ms)" "PSS(MB)" app WebProc NetProc other
for scale in small large; do
  db="$work/$scale.db"
  "$bin" --db "$db" demo --scale "$scale" --today 2026-12-02 >/dev/null
  for r in $(seq 1 "$runs"); do
    read -r ms total app web net other < <(one_run "$db")
    printf '%-6s %-4s %10s %10s %8s %8s %8s %8s\n' "$scale" "$r" "$ms" "$total" "$app" "$web" "$net" "$other"
  done
done
