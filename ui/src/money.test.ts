import { describe, expect, it } from "vitest";
import { parseYuan, percent, yuan } from "./money";

describe("yuan", () => {
  it.each([
    [0, "0.00"],
    [5, "0.05"],
    [310050, "3,100.50"],
    [123456789, "1,234,567.89"],
    [-150, "-1.50"],
  ])("%i 分 → %s", (fen, text) => expect(yuan(fen)).toBe(text));
  it("is empty for no amount", () => expect(yuan(null)).toBe(""));
});

describe("parseYuan", () => {
  it.each([
    ["6500", 650000],
    ["6,500.5", 650050],
    ["3100.50", 310050],
    ["￥31.01元", 3101],
    ["0.2", 20],
  ])("%s → %i 分", (text, fen) => expect(parseYuan(text)).toEqual({ fen }));
  it("treats blank as no amount", () => expect(parseYuan("  ")).toBeNull());
  it("refuses a third decimal instead of rounding", () =>
    expect(parseYuan("31.005")).toEqual({ error: "金额最多到分（两位小数）" }));
  it("refuses negatives and words", () => {
    expect(parseYuan("-5")).toEqual({ error: "金额不能为负数" });
    expect(parseYuan("五百")).toHaveProperty("error");
  });
});

describe("percent", () => {
  it.each([
    [5, "0.5%"],
    [15, "1.5%"],
    [20, "2%"],
  ])("%i‰ → %s", (p, text) => expect(percent(p)).toBe(text));
});
