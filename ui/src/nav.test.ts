import { describe, expect, it } from "vitest";
import { pageFor } from "./nav";
import type { DashLine } from "./api";

describe("pageFor", () => {
  it.each([
    [{ kind: "development" }, "development"],
    [{ kind: "quota", measure: "dues_unpaid_streak" }, "dues"],
    [{ kind: "funds", measure: "unapproved_large_spending" }, "funds"],
    [{ kind: "funds", measure: "holiday_care_visits" }, "funds"],
    [{ kind: "funds", measure: "hardship_care_visits" }, "funds"],
    [{ kind: "funds", measure: "funds_budget_share" }, "funds"],
    [{ kind: "deadline", measure: "funds_publication" }, "funds"],
    [{ kind: "deadline", measure: "dues_publication" }, "dues"],
    [{ kind: "frequency", activity: "theme_day" }, "meetings"],
    [{ kind: "quota", measure: "training_hours" }, "meetings"],
    [{ kind: "structure" }, "orgs"],
    [{ kind: "manual" }, "standards"],
    [{ kind: "deadline" }, "standards"],
  ])("%o → %s", (f, p) => expect(pageFor(f)).toBe(p));
});

describe("a grouped line of the 工作台", () => {
  it("opens the screen of its rule, as its findings would", () => {
    const line: DashLine = {
      rule: "heart-talks",
      kind: "quota",
      org: "o-1",
      measure: "heart_talks",
      period: "2026",
      status: "pending",
      due: "2026-12-31",
      title: "每名党员每年至少参加一次谈心谈话",
      message: "19名党员2026年谈心谈话尚未达标（每人尚差1次）",
      source: "《中国共产党支部工作条例（试行）》（2018）",
      items: [
        { key: "m-1", name: "范杰", org: "", detail: "已0次，尚差1次" },
        { key: "m-2", name: "陈俊", org: "", detail: "已0次，尚差1次" },
      ],
    };
    expect(pageFor(line)).toBe("meetings");
    expect(pageFor({ ...line, measure: "dues_unpaid_streak" })).toBe("dues");
  });
});
