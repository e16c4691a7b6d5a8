#!/usr/bin/env bash
# Every screen on first open, clicked through WebDriver (tauri-driver + WebKitWebDriver), as issue 12
# asks: the e2e test `every_screen_reports_the_time_to_its_data_when_clicked` run on the large demo
# against the given binary. The time is the window's own mark (ZHIBU_SCREEN_REPORT): from the click
# to every command the screen started answered and the next frame drawn. Memory is not read here
# (under WebDriver the app keeps WebKit's default renderer): benches/screens.sh measures it.
#
#   xvfb-run -a -s "-screen 0 1280x800x24" benches/screens-webdriver.sh [BINARY] [SCALE]
#   default: target/release/zhibu (make deb), the large demo; target/debug/zhibu for the dev build
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(readlink -f "${1:-target/release/zhibu}")
scale=${2:-large}
[ -x "$bin" ] || { echo "no binary at $bin: build it with make deb (or cargo build -p zhibu-app)" >&2; exit 1; }
[ -n "${DISPLAY:-}" ] || { echo "no display: run under xvfb-run" >&2; exit 1; }
out=$(mktemp)
trap 'rm -f "$out"' EXIT
PATH="$HOME/.cargo/bin:$PATH" ZHIBU_E2E_APP="$bin" ZHIBU_BENCH_SCALE="$scale" ZHIBU_BENCH_OUT="$out" \
  cargo test -q --workspace --test e2e -- --ignored --exact every_screen_reports_the_time_to_its_data_when_clicked \
  >/dev/null 2>&1 || { echo "the benchmark run failed: cargo test --workspace --test e2e -- --ignored --exact every_screen_reports_the_time_to_its_data_when_clicked --nocapture" >&2; exit 1; }
echo "binary: $bin; ledger: the $scale demo (WebDriver)"
cat "$out"
