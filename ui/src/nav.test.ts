import { describe, expect, it } from "vitest";
import { pageFor } from "./nav";

describe("pageFor", () => {
  it.each([
    [{ kind: "development" }, "development"],
    [{ kind: "quota", measure: "dues_unpaid_streak" }, "dues"],
    [{ kind: "frequency", activity: "theme_day" }, "meetings"],
    [{ kind: "quota", measure: "training_hours" }, "meetings"],
    [{ kind: "structure" }, "orgs"],
    [{ kind: "manual" }, "standards"],
    [{ kind: "deadline" }, "standards"],
  ])("%o → %s", (f, p) => expect(pageFor(f)).toBe(p));
});
