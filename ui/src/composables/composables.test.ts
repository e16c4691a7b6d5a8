import { describe, expect, it, vi } from "vitest";
import { nextTick, reactive } from "vue";
import { CommandError, type Organization } from "../api";

vi.mock("../errors", () => ({ showError: vi.fn() }));
import { showError } from "../errors";
import { setInfo } from "../ledger";
import { useCommand } from "./command";
import { useDialogVisible } from "./dialog";
import { useLatest } from "./latest";
import { useOrgYear, yearChoices, yearOf } from "./orgYear";

const payload = { code: "invalid_input" as const, message: "请改正以下内容", problems: [{ at: "name", message: "姓名：不能为空" }] };

describe("useDialogVisible", () => {
  it("reads the prop and emits the change instead of writing it", () => {
    const props = reactive({ modelValue: false });
    const emit = vi.fn();
    const visible = useDialogVisible(props, emit);
    expect(visible.value).toBe(false);
    visible.value = true;
    expect(emit).toHaveBeenCalledWith("update:modelValue", true);
    expect(visible.value).toBe(false); // the parent has not answered yet
    props.modelValue = true;
    expect(visible.value).toBe(true);
  });
});

describe("useCommand", () => {
  it("is busy while the command runs and returns its value", async () => {
    const c = useCommand();
    let finish!: (v: number) => void;
    const pending = c.exec(() => new Promise<number>((r) => (finish = r)));
    expect(c.busy.value).toBe(true);
    finish(42);
    expect(await pending).toBe(42);
    expect(c.busy.value).toBe(false);
    expect(c.error.value).toBeNull();
  });

  it("keeps a failure's message and problems, and clears them on the next run", async () => {
    const c = useCommand();
    expect(await c.exec(() => Promise.reject(new CommandError(payload)))).toBeUndefined();
    expect(c.busy.value).toBe(false);
    expect(c.error.value?.message).toBe("请改正以下内容");
    expect(c.problems.value.map((p) => p.at)).toEqual(["name"]);
    await c.exec(() => Promise.resolve(1));
    expect(c.error.value).toBeNull();
    expect(c.problems.value).toEqual([]);
  });

  it("turns anything thrown into a Chinese message", async () => {
    const c = useCommand();
    await c.exec(() => Promise.reject(new TypeError("x is undefined")));
    expect(c.error.value).toEqual({ code: "internal", message: "程序内部错误：x is undefined", problems: [] });
  });

  it("reports at once instead of keeping the failure when asked to", async () => {
    const c = useCommand({ report: "读取党费失败" });
    const e = new CommandError(payload);
    await c.exec(() => Promise.reject(e));
    expect(showError).toHaveBeenCalledWith(e, "读取党费失败");
    expect(c.error.value).toBeNull();
  });

  it("shows a failure found before any call like a command's", () => {
    const c = useCommand();
    c.fail("请选择保存的文件夹");
    expect(c.error.value).toEqual({ code: "invalid_input", message: "请选择保存的文件夹", problems: [] });
    c.clear();
    expect(c.error.value).toBeNull();
  });
});

describe("useLatest", () => {
  it("lets only the latest request change the screen", () => {
    const latest = useLatest();
    const first = latest.begin();
    expect(first()).toBe(true);
    const second = latest.begin();
    expect(first()).toBe(false);
    expect(second()).toBe(true);
    latest.invalidate();
    expect(second()).toBe(false);
  });

  it("drops a slow older reply that arrives after a newer one", async () => {
    const latest = useLatest();
    const shown: string[] = [];
    const request = async (reply: string, ms: number) => {
      const isLatest = latest.begin();
      await new Promise((r) => setTimeout(r, ms));
      if (isLatest()) shown.push(reply);
    };
    await Promise.all([request("old", 20), request("new", 1)]);
    expect(shown).toEqual(["new"]);
  });
});

function org(id: number, parent: number | null): Organization {
  return {
    id,
    key: `k${id}`,
    fields: { name: `组织${id}`, short_name: null, kind: parent === null ? "committee" : "branch", sector: "government", parent_id: parent, founded_on: null, term: null, profile: null },
    groups: [],
    positions: [],
  };
}

describe("useOrgYear", () => {
  it("offers years around this one, newest first", () => {
    expect(yearChoices(2026, { ahead: 1, back: 4 })).toEqual([2027, 2026, 2025, 2024, 2023, 2022]);
    expect(yearChoices(2026, { back: 2 })).toEqual([2026, 2025, 2024]);
    expect(yearOf("2031-05-01")).toBe(2031);
    expect(yearOf("")).toBe(2026);
  });

  it("starts at the top organisation once the ledger is read, and at today's year", async () => {
    const { orgId, year, orgOptions, yearOptions } = useOrgYear({ back: 1 });
    expect(orgId.value).toBeNull();
    setInfo({ path: "/tmp/t.db", ledger_id: "t", today: "2030-03-01", is_empty: false, start_month: null, organizations: [org(2, 1), org(1, null)] });
    await nextTick();
    expect(orgId.value).toBe(1);
    expect(orgOptions.value.map((o) => [o.value, o.depth])).toEqual([
      [1, 0],
      [2, 1],
    ]);
    expect(yearOptions.value).toEqual([2030, 2029]);
    expect(year.value).toBe(2026); // chosen before the ledger said what today is
    orgId.value = 2;
    setInfo({ path: "/tmp/t.db", ledger_id: "t", today: "2030-03-01", is_empty: false, start_month: null, organizations: [org(1, null)] });
    await nextTick();
    expect(orgId.value).toBe(2); // a choice made is kept
  });
});
