import { describe, expect, it } from "vitest";
import type { Organization } from "./api";
import { orgAndDescendants, orgChoices, orgTree, termEndsOn, topOrg } from "./orgs";

function org(id: number, name: string, parent: number | null, kind: Organization["fields"]["kind"] = "branch"): Organization {
  return {
    id,
    key: `k${id}`,
    fields: { name, short_name: null, kind, sector: "government", parent_id: parent, founded_on: null, term: null, profile: null },
    groups: [],
    positions: [],
  };
}

const orgs = [org(1, "某某委员会", null, "committee"), org(2, "第一支部", 1), org(3, "第二支部", 1), org(4, "下属支部", 2)];

describe("orgs", () => {
  it("builds the tree from parent ids", () => {
    const t = orgTree(orgs);
    expect(t.map((n) => n.id)).toEqual([1]);
    expect(t[0].children.map((n) => n.id)).toEqual([2, 3]);
    expect(t[0].children[0].children.map((n) => n.id)).toEqual([4]);
  });

  it("finds the top organisation", () => {
    expect(topOrg(orgs)?.id).toBe(1);
    expect(topOrg([])).toBeNull();
  });

  it("lists choices in tree order with depth", () => {
    expect(orgChoices(orgs).map((c) => [c.value, c.depth])).toEqual([
      [1, 0],
      [2, 1],
      [4, 2],
      [3, 1],
    ]);
  });

  it("collects an organisation and everything under it", () => {
    expect([...orgAndDescendants(orgs, 2)].sort()).toEqual([2, 4]);
    expect(orgAndDescendants(orgs, 1).size).toBe(4);
  });

  it("treats an organisation whose parent is missing as a root", () => {
    expect(orgTree([org(5, "孤立支部", 99)]).map((n) => n.id)).toEqual([5]);
  });
});

describe("termEndsOn", () => {
  it("adds the term's years, keeping month and day", () => {
    expect(termEndsOn({ elected_on: "2023-06-01", years: 5 })).toBe("2028-06-01");
  });
  it("moves 29 February to 28 February in a common year", () => {
    expect(termEndsOn({ elected_on: "2024-02-29", years: 3 })).toBe("2027-02-28");
    expect(termEndsOn({ elected_on: "2024-02-29", years: 4 })).toBe("2028-02-29");
  });
});
