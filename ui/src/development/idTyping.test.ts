import { describe, expect, it } from "vitest";
import type { Gender, IdNumberFacts } from "../api";
import { applyIdFacts, idProblemShown } from "./idTyping";

const valid: IdNumberFacts = { problem: null, birth_date: "1949-12-31", gender: "女" };
const wrong: IdNumberFacts = { problem: "身份证号校验位不符（最后一位应为X），请核对是否输错", birth_date: null, gender: null };

describe("the ID number as it is typed", () => {
  it("fills 性别 and an empty 出生日期, and replaces only a date it filled itself", () => {
    const form = { gender: "男" as Gender, birth_date: null as string | null };
    const filled = applyIdFacts(form, valid, null);
    expect(form).toEqual({ gender: "女", birth_date: "1949-12-31" });
    // Another valid number: the date it filled follows.
    applyIdFacts(form, { problem: null, birth_date: "1990-03-07", gender: "男" }, filled);
    expect(form).toEqual({ gender: "男", birth_date: "1990-03-07" });
    // A date typed by hand stays.
    const typed = { gender: "男" as Gender, birth_date: "1950-01-01" };
    expect(applyIdFacts(typed, valid, null)).toBeNull();
    expect(typed.birth_date).toBe("1950-01-01");
    // A wrong number changes nothing.
    const f2 = { gender: "男" as Gender, birth_date: null };
    applyIdFacts(f2, wrong, null);
    expect(f2).toEqual({ gender: "男", birth_date: null });
  });

  it("says what is wrong once the number is complete or the box was left", () => {
    expect(idProblemShown("11010519491231", wrong, false)).toBeUndefined();
    expect(idProblemShown("11010519491231", wrong, true)).toBe(wrong.problem);
    expect(idProblemShown("110105194912310021", wrong, false)).toBe(wrong.problem);
    expect(idProblemShown("11010519491231002X", valid, true)).toBeUndefined();
    expect(idProblemShown("", null, true)).toBeUndefined();
  });
});
