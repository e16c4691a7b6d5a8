#!/usr/bin/env python3
"""openpyxl baseline for the history import benchmark (compare with examples/bench_history.rs).

Run the Rust benchmark first; it leaves its workbooks in $ZHIBU_BENCH_DIR (default /tmp/zhibu_bench):

    cargo run --release --example bench_history
    python3 benches/history_openpyxl.py

Reads the 5,000-row 三会一课 register and the 2,500 × 12 党费 grid with openpyxl in read-only and in
normal mode (values only: no checks, no matching, no writing).
"""

import os
import time

from openpyxl import load_workbook


def read(path, read_only):
    wb = load_workbook(path, read_only=read_only)
    ws = wb.worksheets[0]
    n = 0
    for row in ws.iter_rows(values_only=True):
        n += sum(1 for v in row if v is not None)
    wb.close()
    return n


def main():
    bench = os.environ.get("ZHIBU_BENCH_DIR", "/tmp/zhibu_bench")
    for name, what in (("history_meetings_5000.xlsx", "register  5,000 rows"),
                       ("history_dues_2500x12.xlsx", "dues grid 2,500 × 12")):
        path = os.path.join(bench, name)
        for read_only in (True, False):
            t = time.perf_counter()
            cells = read(path, read_only)
            mode = "read_only" if read_only else "normal   "
            print("openpyxl read %s %s: %7.3f s  (%d cells)" % (what, mode, time.perf_counter() - t, cells))


if __name__ == "__main__":
    main()
