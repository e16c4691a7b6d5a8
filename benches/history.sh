#!/usr/bin/env bash
# History import benchmark in one run: zhibu (release) writes, reads, previews and imports a 5,000-row
# 三会一课 register and a 2,500 × 12 党费 grid, then openpyxl reads the same two files.
# Usage: benches/history.sh
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -c 'import openpyxl' 2>/dev/null || pip install --quiet openpyxl
cargo run --quiet --release -p zhibu --example bench_history
python3 benches/history_openpyxl.py
