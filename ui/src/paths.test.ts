import { describe, expect, it } from "vitest";
import { fileName, joinPath, replaceFileName, withDocx, withXlsx } from "./paths";

describe("paths", () => {
  it("joins with the folder's own separator", () => {
    expect(joinPath("/home/li/Documents", "花名册.xlsx")).toBe("/home/li/Documents/花名册.xlsx");
    expect(joinPath("/home/li/Documents/", "a.xlsx")).toBe("/home/li/Documents/a.xlsx");
    expect(joinPath("C:\\Users\\li\\Documents", "a.xlsx")).toBe("C:\\Users\\li\\Documents\\a.xlsx");
    expect(joinPath("", "a.xlsx")).toBe("a.xlsx");
  });

  it("replaces and reads the file name", () => {
    expect(replaceFileName("/d/旧.xlsx", "新.xlsx")).toBe("/d/新.xlsx");
    expect(replaceFileName("C:\\d\\旧.xlsx", "新.xlsx")).toBe("C:\\d\\新.xlsx");
    expect(fileName("C:\\d\\旧.xlsx")).toBe("旧.xlsx");
    expect(fileName("旧.xlsx")).toBe("旧.xlsx");
  });

  it("adds .xlsx only when missing", () => {
    expect(withXlsx("/d/花名册")).toBe("/d/花名册.xlsx");
    expect(withXlsx(" /d/花名册.XLSX ")).toBe("/d/花名册.XLSX");
    expect(withDocx("/d/会议记录")).toBe("/d/会议记录.docx");
    expect(withDocx(" /d/会议记录.DOCX ")).toBe("/d/会议记录.DOCX");
  });
});
