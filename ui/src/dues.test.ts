import { describe, expect, it, vi } from "vitest";

vi.mock("element-plus", () => ({ ElMessageBox: { confirm: vi.fn() } }));

import { ElMessageBox } from "element-plus";
import type { MemberDues, MonthDues } from "./api";
import {
  baseFromFor,
  cellState,
  confirmUnusual,
  defaultBaseFrom,
  monthColumnWidth,
  monthsBetween,
  rangeDefaults,
  resultTone,
  warningText,
} from "./dues";

function month(over: Partial<MonthDues>): MonthDues {
  return {
    month: "2026-03",
    base_fen: 500_000,
    rate_permille: 10,
    due_fen: 5000,
    paid_fen: 0,
    paid_on: null,
    fixed: false,
    future: false,
    pending: false,
    before_start: false,
    unpaid: false,
    late: false,
    explanation: "按基数 5,000.00 元的 1% 计算",
    ...over,
  };
}

function member(first: string): MemberDues {
  return { member_id: 1, member: "m-1", name: "张三", months: [month({ month: first })] } as MemberDues;
}

describe("cellState", () => {
  it("keeps 补缴 apart from on time", () => {
    const onTime = cellState(month({ paid_fen: 5000, paid_on: "2026-03-10" }));
    const late = cellState(month({ paid_fen: 5000, paid_on: "2026-12-02", late: true }));
    expect([onTime.cls, onTime.text]).toEqual(["paid", "50.00"]);
    expect([late.cls, late.text]).toEqual(["late", "50.00"]);
    expect(late.title).toContain("补缴：2026年12月2日缴纳");
    expect(onTime.title).toContain("按时缴纳");
  });
  it("shows a short payment as short even when late", () => {
    expect(cellState(month({ paid_fen: 100, paid_on: "2026-12-02", late: true, unpaid: true })).cls).toBe("short");
  });
  it.each([
    [{ future: true }, "·", "future"],
    [{ before_start: true }, "记账前", "future"],
    [{ pending: true }, "待缴", "pending"],
    [{ pending: true, due_fen: null }, "无基数", "pending"],
    [{ due_fen: 0 }, "免", "paid"],
    [{ unpaid: true }, "未缴", "unpaid"],
    [{ unpaid: true, due_fen: null }, "无基数", "unpaid"],
  ])("%o → %s", (over, text, cls) => {
    const c = cellState(month(over));
    expect([c.text, c.cls]).toEqual([text, cls]);
  });
});

describe("the month a base applies from", () => {
  it("defaults to the ledger's start in the year shown, else January", () => {
    expect(defaultBaseFrom("2026-03", 2026)).toBe("2026-03");
    expect(defaultBaseFrom("2025-06", 2026)).toBe("2026-01");
    expect(defaultBaseFrom(null, 2026)).toBe("2026-01");
    expect(defaultBaseFrom("2027-02", 2026)).toBe("2026-01");
  });
  it("is the member's joining month when later", () => {
    expect(baseFromFor(member("2026-05"), "2026-03")).toBe("2026-05");
    expect(baseFromFor(member("2026-05"), "2026-07")).toBe("2026-07");
    expect(baseFromFor(member("2026-01"), "2026-03")).toBe("2026-03");
  });
});

describe("the back-fill range", () => {
  it("opens on the running month and offers the start", () => {
    expect(rangeDefaults("2026-12-02", 2026, "2026-01")).toEqual({ from: "2026-12", to: "2026-12", fromStart: "2026-01" });
    expect(rangeDefaults("2026-12-02", 2025, null)).toEqual({ from: "2025-12", to: "2025-12", fromStart: "2025-01" });
    expect(rangeDefaults("2026-12-02", 2026, "2024-05").fromStart).toBe("2026-01");
  });
  it("counts months across a year end", () => {
    expect(monthsBetween("2026-01", "2026-11")).toHaveLength(11);
    expect(monthsBetween("2025-11", "2026-02")).toEqual(["2025-11", "2025-12", "2026-01", "2026-02"]);
    expect(monthsBetween("2026-03", "2026-01")).toEqual([]);
  });
  it("is not a success when nothing was recorded", () => {
    expect(resultTone(0)).toBe("warning");
    expect(resultTone(3)).toBe("success");
  });
});

describe("confirming unusual amounts", () => {
  const warning = { at: "base_fen", message: "基数 46,004,600.00 元/月 超过 100,000.00 元/月" };
  it("asks nothing when the core found nothing unusual", async () => {
    expect(await confirmUnusual([])).toBe(true);
    expect(ElMessageBox.confirm).not.toHaveBeenCalled();
  });
  it("asks 确认保存？ and saves only when confirmed", async () => {
    vi.mocked(ElMessageBox.confirm).mockResolvedValueOnce("confirm" as never);
    expect(await confirmUnusual([warning])).toBe(true);
    vi.mocked(ElMessageBox.confirm).mockRejectedValueOnce("cancel");
    expect(await confirmUnusual([warning])).toBe(false);
    expect(warningText([warning])).toBe(`${warning.message}\n\n确认保存？`);
  });
});

describe("the dues grid's month columns", () => {
  it("share the room left and never get narrower than the minimum", () => {
    expect(monthColumnWidth(1700, 666)).toBe(86);
    expect(monthColumnWidth(1150, 666)).toBe(62);
    expect(monthColumnWidth(0, 666)).toBe(62);
  });
});
