// The label tables the Rust side defines are generated (labels.generated.ts, checked for drift by
// `cargo test -p zhibu-app bindings`); these tests cover how the UI uses them.
import { describe, expect, it } from "vitest";
import { CATEGORY, FIELD_LABEL, GENDER, MEMBER_STATUS, ORG_KIND, options, ROSTER_FIELD } from "./labels";

describe("label tables", () => {
  it("re-exports the generated tables in the Rust order", () => {
    expect(Object.keys(ORG_KIND)[0]).toBe("committee");
    expect(CATEGORY.unemployed).toBe("下岗失业/低保");
    expect(FIELD_LABEL["left.reason"]).toBe("离开原因");
  });

  it("names every roster import field differently", () => {
    const labels = Object.values(ROSTER_FIELD);
    expect(new Set(labels).size).toBe(labels.length);
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
