import { describe, expect, it } from "vitest";
import { NOT_IMPORTED, firstRunSummary, historyKindLabel, remap } from "./imports";

describe("the first-run summary", () => {
  it("adds up what each import returned and lists what to check with its file", () => {
    const s = firstRunSummary(
      [
        {
          path: "/home/li/花名册.xlsx",
          summary: {
            added: 5,
            updated: 0,
            unchanged: 0,
            rejected: 1,
            rejects_path: "/home/li/花名册-待修改.xlsx",
            warnings: [{ at: "党员花名册!H7", message: "党员花名册 第7行 H列（入党时间）：只有年月（1995-07），按1995-07-01导入，请核对实际日期" }],
            notes: ["表中没有人员类别（正式/预备）列，按日期推定：……推定为预备党员的是第7行"],
          },
        },
        { path: "C:\\资料\\花名册-待修改.xlsx", summary: { added: 1, updated: 2, unchanged: 0 } },
      ],
      [
        {
          path: "/home/li/三会一课.xlsx",
          summary: { kind: "meetings", added: 4, unchanged: 0, refused: 0, problems_path: null, notes: ["表中只有人数"] },
        },
        {
          path: "/home/li/党费.xlsx",
          summary: { kind: "dues", added: 60, unchanged: 0, refused: 2, problems_path: "/home/li/党费-待修改.xlsx", notes: [] },
        },
        {
          path: "/home/li/三会一课2025.xlsx",
          summary: { kind: "meetings", added: 12, unchanged: 1, refused: 0, problems_path: null, notes: [] },
        },
        { path: "/d/发展.xlsx", summary: { kind: "development", added: 3, unchanged: 0, refused: 0, problems_path: null, notes: [] } },
        { path: "/d/评议.xlsx", summary: { kind: "evaluations", added: 6, unchanged: 0, refused: 0, problems_path: null, notes: [] } },
        { path: "/d/培训.xlsx", summary: { kind: "trainings", added: 2, unchanged: 0, refused: 0, problems_path: null, notes: [] } },
      ],
    );
    expect([s.members, s.membersUpdated, s.meetings, s.payments, s.development, s.evaluations, s.trainings]).toEqual([
      6, 2, 16, 60, 3, 6, 2,
    ]);
    expect(s.checks).toEqual([
      { file: "花名册.xlsx", text: "表中没有人员类别（正式/预备）列，按日期推定：……推定为预备党员的是第7行" },
      { file: "花名册.xlsx", text: "党员花名册 第7行 H列（入党时间）：只有年月（1995-07），按1995-07-01导入，请核对实际日期" },
      { file: "花名册.xlsx", text: "1 行有问题未导入，已另存到 /home/li/花名册-待修改.xlsx，改正后可再导入" },
      { file: "三会一课.xlsx", text: "表中只有人数" },
      { file: "党费.xlsx", text: "2 行有问题未导入，已另存到 /home/li/党费-待修改.xlsx，改正后可再导入" },
    ]);
  });

  it("is all zeros with nothing imported (every step skipped)", () => {
    const s = firstRunSummary([], []);
    expect(s.members + s.meetings + s.payments + s.development + s.evaluations + s.trainings).toBe(0);
    expect(s.checks).toEqual([]);
    expect(historyKindLabel("dues")).toBe("党费缴纳记录");
  });
});

describe("a column given another field", () => {
  const mapping = {
    header_row: 2,
    columns: [
      { column: 0, letter: "A", header: "时间", field: "time" as const },
      { column: 1, letter: "B", header: "学习内容", field: "content" as const },
      { column: 2, letter: "C", header: "天气", field: null },
    ],
  };
  it("changes that column only, and 不导入 is no field", () => {
    const m = remap(mapping, 0, "date");
    expect(m.header_row).toBe(2);
    expect(m.columns.map((c) => c.field)).toEqual(["date", "content", null]);
    expect(remap(m, 1, NOT_IMPORTED).columns.map((c) => c.field)).toEqual(["date", null, null]);
    expect(mapping.columns[0].field).toBe("time");
  });
});
