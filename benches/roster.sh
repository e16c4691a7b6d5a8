#!/usr/bin/env bash
# Roster benchmark in one run: zhibu (release) writes 2,500 and 10,000-row rosters and imports 10,000 rows,
# then openpyxl writes the same rows and reads the same 10,000-row workbook. Usage: benches/roster.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-10000}"
python3 -c 'import openpyxl' 2>/dev/null || pip install --quiet openpyxl
cargo run --quiet --release -p zhibu --example bench_roster -- "$n"
python3 benches/roster_openpyxl.py "$n"
