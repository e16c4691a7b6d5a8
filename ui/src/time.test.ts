// The time zone is fixed before any date is made, so the expected local times hold on any machine.
process.env.TZ = "Asia/Shanghai";

import { describe, expect, it } from "vitest";
import { dayText, localTime, periodShort, periodText } from "./time";

describe("localTime", () => {
  it("shows a UTC stamp as local time in Chinese", () => {
    expect(localTime("2026-12-02T14:39:30Z")).toBe("2026年12月2日 22:39");
    expect(localTime("2026-12-31T16:05:00Z")).toBe("2027年1月1日 00:05");
    expect(localTime("2026-03-04T01:02:03+00:00")).toBe("2026年3月4日 09:02");
  });

  it("leaves what is not a timestamp as it is", () => {
    expect(localTime("")).toBe("");
    expect(localTime("2026-12-02")).toBe("2026-12-02");
    expect(localTime("不明")).toBe("不明");
  });
});

describe("dayText", () => {
  it("shows a day in Chinese", () => {
    expect(dayText("2026-12-31")).toBe("2026年12月31日");
    expect(dayText("2027-01-05")).toBe("2027年1月5日");
    expect(dayText("2026")).toBe("2026");
  });
});

describe("periods as a person reads them", () => {
  it("names quarters, halves, months and years in Chinese", () => {
    expect(periodText("2026-Q3")).toBe("2026年第三季度");
    expect(periodText("2026-H1")).toBe("2026年上半年");
    expect(periodText("2026-05")).toBe("2026年5月");
    expect(periodText("2026")).toBe("2026年");
    expect(periodText("其他")).toBe("其他");
    expect(periodShort("2026-05")).toBe("5月");
    expect(periodShort("2026-Q3")).toBe("第三季度");
    expect(periodShort("2026-H2")).toBe("下半年");
    expect(periodShort("2026")).toBe("全年");
  });
});
