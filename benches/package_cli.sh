#!/usr/bin/env bash
# The data package through the real CLI on the large demo (release binary):
# `zhibu demo --scale large`, `export-package`, `import` into an empty ledger, and a re-import.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=target/release/zhibu
[ -x "$bin" ] || cargo build --release -p zhibu-app
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
t() { local s e; s=$(date +%s.%N); "$@" >/dev/null; e=$(date +%s.%N); awk -v s="$s" -v e="$e" 'BEGIN { printf "%7.2f s", e - s }'; }
echo "demo --scale large      : $(t "$bin" --db "$dir/a.db" demo --scale large --today 2026-11-22)"
echo "export-package (large)  : $(t "$bin" --db "$dir/a.db" export-package "$dir/a.json")  ($(du -h "$dir/a.json" | cut -f1))"
echo "import into empty ledger: $(t "$bin" --db "$dir/b.db" import "$dir/a.json" --today 2026-11-22)"
echo "re-import (no changes)  : $(t "$bin" --db "$dir/b.db" import "$dir/a.json" --today 2026-11-22)"
echo "export-package again    : $(t "$bin" --db "$dir/b.db" export-package "$dir/b.json")"
if diff <(grep -v '"exported_at"' "$dir/a.json") <(grep -v '"exported_at"' "$dir/b.json") >/dev/null; then
  echo "round trip: identical apart from exported_at"
else
  echo "round trip: DIFFERENT"; exit 1
fi
