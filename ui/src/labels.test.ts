// The label tables must cover every code the Rust side can send, with the same Chinese labels.
// This reads the Rust source itself, so a code added there fails here until labels.ts has it.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  ACTIVITY_TYPE,
  ATTENDANCE_STATUS,
  CATEGORY,
  GRADE,
  TALK_TRIGGER,
  ERROR_HINT,
  FIELD_LABEL,
  GENDER,
  LEFT_REASON,
  MEMBER_EVENT_KIND,
  MEMBER_STATUS,
  options,
  ORG_KIND,
  PRESENCE,
  ROLE,
  ROSTER_FIELD,
  SECTOR,
  STANDING,
} from "./labels";

const rust = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), "utf8");

/** `code_enum!(Name { Variant = "code" / "label", … })` blocks of codes.rs → name → code → label. */
function codeEnums(src: string): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  const block = /code_enum!\(\s*(?:\/\/\/[^\n]*\n\s*)*(\w+)\s*\{([^}]*)\}/g;
  for (const m of src.matchAll(block)) {
    const table: Record<string, string> = {};
    for (const v of m[2].matchAll(/\w+\s*=\s*"([^"]*)"\s*\/\s*"([^"]*)"/g)) table[v[1]] = v[2];
    out[m[1]] = table;
  }
  return out;
}

/** Variants of `pub enum Name { … }` as serde's snake_case names. */
function snakeVariants(src: string, name: string): string[] {
  const m = new RegExp(`pub enum ${name}\\s*\\{([^}]*)\\}`).exec(src);
  if (!m) throw new Error(`enum ${name} not found`);
  return m[1]
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => /^[A-Z]\w*,?$/.test(l))
    .map((l) => l.replace(",", "").replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase());
}

const mirrored: Record<string, Record<string, string>> = {
  OrgKind: ORG_KIND,
  Sector: SECTOR,
  Gender: GENDER,
  MemberStatus: MEMBER_STATUS,
  Category: CATEGORY,
  Standing: STANDING,
  LeftReason: LEFT_REASON,
  Role: ROLE,
  MemberEventKind: MEMBER_EVENT_KIND,
  ActivityType: ACTIVITY_TYPE,
  AttendanceStatus: ATTENDANCE_STATUS,
  Grade: GRADE,
  TalkTrigger: TALK_TRIGGER,
};
// Code lists of parts of the ledger the UI does not show yet (development).
const notYetShown = ["ReviewResult"];

describe("label tables mirror the Rust code lists", () => {
  const enums = codeEnums(rust("src/model/codes.rs"));

  it("finds the Rust code lists", () => {
    expect(Object.keys(enums).length).toBeGreaterThanOrEqual(9);
  });

  it("has every code list either mirrored or knowingly left out", () => {
    for (const name of Object.keys(enums)) {
      expect(name in mirrored || notYetShown.includes(name), `code list ${name} has no label table`).toBe(true);
    }
  });

  for (const [name, table] of Object.entries(mirrored)) {
    it(`${name}: same codes, same labels, same order`, () => {
      expect(Object.entries(table)).toEqual(Object.entries(enums[name]));
    });
  }

  it("RosterField: a label for every field, all different", () => {
    const codes = snakeVariants(rust("src/roster/types.rs"), "RosterField");
    expect(Object.keys(ROSTER_FIELD).sort()).toEqual([...codes].sort());
    expect(new Set(Object.values(ROSTER_FIELD)).size).toBe(codes.length);
  });

  it("Presence and ErrorCode: every variant covered", () => {
    expect(Object.keys(PRESENCE).sort()).toEqual(snakeVariants(rust("src/store/members.rs"), "Presence").sort());
    expect(Object.keys(ERROR_HINT).sort()).toEqual(snakeVariants(rust("src/error.rs"), "ErrorCode").sort());
  });

  it("field labels match field_label in member.rs", () => {
    const src = rust("src/model/member.rs");
    const fn = /pub fn field_label[\s\S]*?match field \{([\s\S]*?)_ =>/.exec(src);
    expect(fn).not.toBeNull();
    const pairs = Object.fromEntries([...fn![1].matchAll(/"([^"]+)"\s*=>\s*"([^"]+)"/g)].map((m) => [m[1], m[2]]));
    expect(FIELD_LABEL).toEqual(pairs);
  });
});

describe("options", () => {
  it("lists codes with labels in table order", () => {
    expect(options(MEMBER_STATUS)).toEqual([
      { value: "full", label: "正式党员" },
      { value: "probationary", label: "预备党员" },
    ]);
    expect(options(GENDER).map((o) => o.value)).toEqual(["男", "女"]);
  });
});
