#!/usr/bin/env bash
# 报送/接收 on the large demo (issue 15): split the 党委's ledger into its 50 branches' 报送 files
# (`export-report --org` per branch), make a fresh committee ledger with the same tree under another
# ledger id (so every branch is matched by name, as in real use), then receive all 50, the unchanged
# set again, and one changed branch; then the committee table (branches), the open transfers and every
# branch's 自查表/评分表 (export --per-branch). Prints wall time and peak memory (/usr/bin/time).
# ZHIBU_BIN overrides the binary (e.g. target/debug/examples/zhibu_cli).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${ZHIBU_BIN:-target/release/zhibu}
[ -x "$bin" ] || cargo build --release -p zhibu-app
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
m() { /usr/bin/time -f "%e s wall, %U s user + %S s sys CPU, peak %M KB" "$@" >/dev/null 2>"$dir/t" || true; tail -1 "$dir/t"; }
"$bin" --db "$dir/party.db" demo --scale large --today 2026-11-22 >/dev/null
"$bin" --db "$dir/party.db" export-package "$dir/all.json" >/dev/null
# The committee's tree only: organisations without positions or groups, under its own ledger id.
jq '{format, version, exported_at, source: "zhibu-committee-tree",
     organizations: [.organizations[] | del(.positions) | del(.groups)]}' "$dir/all.json" >"$dir/tree.json"
"$bin" --db "$dir/committee.db" import "$dir/tree.json" >/dev/null
mkdir "$dir/inbox"
s=$(date +%s.%N)
for key in $(jq -r '.organizations[] | select(.parent == "o-1") | .key' "$dir/all.json"); do
  "$bin" --db "$dir/party.db" export-report "$dir/inbox/$key.json" --org "$key" --period 2026 >/dev/null
done
e=$(date +%s.%N)
echo "split into $(ls "$dir/inbox" | wc -l) 报送 files : $(awk -v s="$s" -v e="$e" 'BEGIN { printf "%.1f s", e - s }') ($(du -sh "$dir/inbox" | cut -f1))"
echo "receive all (first time)     : $(m "$bin" --db "$dir/committee.db" receive "$dir/inbox")"
echo "receive all again (no change): $(m "$bin" --db "$dir/committee.db" receive "$dir/inbox")"
sqlite3 "$dir/party.db" "UPDATE members SET phone = '13900000000' WHERE id =
  (SELECT min(id) FROM members WHERE org_id = (SELECT id FROM organizations WHERE key = 'o-2'))"
mkdir "$dir/new"
"$bin" --db "$dir/party.db" export-report "$dir/new/o-2.json" --org o-2 --period 2026 >/dev/null
echo "receive one changed branch   : $(m "$bin" --db "$dir/committee.db" receive "$dir/new/o-2.json")"
echo "branches (委员会工作台, 50 rows): $(m "$bin" --db "$dir/committee.db" branches --year 2026 --today 2026-11-22 --json)"
echo "transfers (open conflicts)      : $(m "$bin" --db "$dir/committee.db" transfers --today 2026-11-22)"
echo "export --per-branch (自查表 ×50): $(m "$bin" --db "$dir/committee.db" export --year 2026 --out "$dir/books" --per-branch --today 2026-11-22) ($(ls "$dir/books" | wc -l) files)"
q="SELECT (SELECT count(*) FROM organizations), (SELECT count(*) FROM members), (SELECT count(*) FROM activities), (SELECT count(*) FROM dues_payments)"
echo "party ledger     orgs|members|activities|payments: $(sqlite3 "$dir/party.db" "$q")"
echo "committee ledger orgs|members|activities|payments: $(sqlite3 "$dir/committee.db" "$q")"
