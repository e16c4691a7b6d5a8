#!/usr/bin/env python3
"""openpyxl baseline for the roster benchmark (compare with examples/bench_roster.rs).

Run the Rust benchmark first; it leaves the rows as TSV and its workbooks in $ZHIBU_BENCH_DIR
(default /tmp/zhibu_bench):

    cargo run --release --example bench_roster -- 10000
    python3 benches/roster_openpyxl.py 10000

Writes the same rows with the same columns and comparable styling (title and subtitle merged rows,
bold filled wrapped header, thin borders and text format on every data cell, column widths, frozen
panes, A4 landscape fit to width, repeated title rows, footer), then reads the 10,000-row workbook
written by zhibu with openpyxl in read-only and in normal mode.
"""

import os
import sys
import time

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side

HEADERS = ["序号", "姓名", "所在党支部", "公民身份证号", "性别", "民族", "出生日期", "学历", "人员类别",
           "加入党组织日期", "转为正式党员日期", "工作岗位", "手机号", "固定电话", "家庭住址", "党籍状态",
           "是否为失联党员", "失去联系日期", "是否为流动党员", "外出流向", "备注"]
BRANCH = "中共示例市财政局机关第一党支部"


def width(text):
    return sum(2 if ord(c) > 0x2E80 else 1 for c in text)


def write(rows, path):
    wb = Workbook()
    ws = wb.active
    ws.title = "党员花名册"
    last = len(HEADERS)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last)
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=last)
    ws.cell(1, 1, BRANCH + "党员花名册").font = Font(name="黑体", size=18, bold=True)
    ws.cell(1, 1).alignment = Alignment(horizontal="center", vertical="center")
    ws.cell(2, 1, "统计日期：2026年11月22日　共%d人" % len(rows)).font = Font(name="宋体", size=11)
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    head_font = Font(name="宋体", size=11, bold=True)
    fill = PatternFill("solid", fgColor="D9E1F2")
    wrap_center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for c, h in enumerate(HEADERS, 1):
        cell = ws.cell(3, c, h)
        cell.font, cell.fill, cell.border, cell.alignment = head_font, fill, border, wrap_center
    # One named style for every data cell: openpyxl's fastest way to style many cells.
    body = NamedStyle(name="body", font=Font(name="宋体", size=11), border=border,
                      alignment=Alignment(vertical="center", wrap_text=True), number_format="@")
    wb.add_named_style(body)
    widths = [width(h) // 2 for h in HEADERS]
    for r, row in enumerate(rows, 4):
        for c, text in enumerate(row, 1):
            cell = ws.cell(r, c)
            if text:
                cell.value = text
                cell.data_type = "s"  # "=1+1" text must stay text, not become a formula
                widths[c - 1] = max(widths[c - 1], width(text))
            cell.style = "body"
    for c, w in enumerate(widths, 1):
        ws.column_dimensions[ws.cell(3, c).column_letter].width = min(w * 1.05 + 1.5, 40)
    ws.freeze_panes = "C4"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.print_title_rows = "1:3"
    ws.oddFooter.left.text = "填报单位：%s　填报人：　　填报日期：2026年11月22日" % BRANCH
    ws.oddFooter.right.text = "第 &P 页 共 &N 页"
    wb.save(path)


def read(path, read_only):
    wb = load_workbook(path, read_only=read_only)
    ws = wb["党员花名册"]
    n = 0
    for row in ws.iter_rows(values_only=True):
        n += sum(1 for v in row if v is not None)
    wb.close()
    return n


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    bench = os.environ.get("ZHIBU_BENCH_DIR", "/tmp/zhibu_bench")
    for size in sorted({min(2500, n), n}):
        with open(os.path.join(bench, "roster_%d.tsv" % size), encoding="utf-8") as f:
            rows = [line.rstrip("\n").split("\t") for line in f]
        out = os.path.join(bench, "openpyxl_%d.xlsx" % size)
        t = time.perf_counter()
        write(rows, out)
        took = time.perf_counter() - t
        print("openpyxl write %6d rows: %7.3f s  (%d KiB)" % (size, took, os.path.getsize(out) // 1024))
    src = os.path.join(bench, "roster_%d.xlsx" % n)
    for read_only in (True, False):
        t = time.perf_counter()
        cells = read(src, read_only)
        mode = "read_only" if read_only else "normal   "
        print("openpyxl read  %6d rows %s: %7.3f s  (%d cells)" % (n, mode, time.perf_counter() - t, cells))


if __name__ == "__main__":
    main()
