import { describe, expect, it } from "vitest";
import { checkChar, idFacts, maskIdNumber } from "./idNumber";
import cases from "./idNumber.cases.json";

describe("idFacts", () => {
  it("reads birth date and gender from a valid 18-digit number", () => {
    // The examples the Rust tests use.
    expect(idFacts("110101199003074477")).toEqual({ birthDate: "1990-03-07", gender: "男" });
    expect(idFacts("11010519491231002X")).toEqual({ birthDate: "1949-12-31", gender: "女" });
  });

  it("accepts a lower-case x and surrounding spaces", () => {
    expect(idFacts(" 11010519491231002x ")).toEqual({ birthDate: "1949-12-31", gender: "女" });
  });

  it("refuses a wrong check character, a half-typed number and an impossible date", () => {
    expect(idFacts("110101199003074478")).toBeNull();
    expect(idFacts("11010119900307")).toBeNull();
    expect(idFacts("")).toBeNull();
    const body = "11010119900230001"; // 30 February
    expect(idFacts(body + checkChar(body))).toBeNull();
  });

  it("reads the old 15-digit form as 19xx", () => {
    expect(idFacts("110105491231002")).toEqual({ birthDate: "1949-12-31", gender: "女" });
    expect(idFacts("110105900307447")).toEqual({ birthDate: "1990-03-07", gender: "男" });
  });
});

describe("maskIdNumber", () => {
  it("hides the birth date of an 18-digit number", () => {
    expect(maskIdNumber("11010519491231002X")).toBe("110105********002X");
  });
  it("handles 15 digits, empty and short values", () => {
    expect(maskIdNumber("110105491231002")).toBe("110105*****1002");
    expect(maskIdNumber(null)).toBe("");
    expect(maskIdNumber("")).toBe("");
    expect(maskIdNumber("12345")).toBe("*****");
  });
});

describe("idFacts agrees with the core", () => {
  it("on the cases the Rust test reads too (tests/it/development/id_facts.rs)", () => {
    for (const c of cases) {
      const f = idFacts(c.text);
      expect({ text: c.text, birth_date: f?.birthDate ?? null, gender: f?.gender ?? null }).toEqual(c);
    }
  });
});
