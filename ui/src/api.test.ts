import { describe, expect, it } from "vitest";
import { CommandError, problemText, run, toPayload } from "./api";

const payload = { code: "invalid_input" as const, message: "出生日期：不能晚于今天", problems: [{ at: "birth_date", message: "出生日期：不能晚于今天" }] };

describe("toPayload", () => {
  it("keeps an ErrorPayload as it is", () => {
    expect(toPayload(payload)).toEqual(payload);
    expect(toPayload(new CommandError(payload))).toEqual(payload);
  });

  it("wraps what Tauri throws when a call cannot be made", () => {
    expect(toPayload("invalid args `fields` for command `add_member`")).toEqual({
      code: "internal",
      message: "程序内部错误：invalid args `fields` for command `add_member`",
      problems: [],
    });
    expect(toPayload(new TypeError("x is undefined")).message).toBe("程序内部错误：x is undefined");
    expect(toPayload(undefined).code).toBe("internal");
  });
});

describe("a refusal as a person reads it", () => {
  const meeting = {
    code: "invalid_input" as const,
    message: "发现 2 处问题：\n  place：地点：不能为空\n  topic：主题：不能为空",
    problems: [
      { at: "place", message: "地点：不能为空" },
      { at: "topic", message: "主题：不能为空" },
    ],
  };

  it("names no field or JSON path, only the Chinese message", () => {
    const p = toPayload(meeting);
    expect(p.message).toBe("发现 2 处问题：");
    expect(p.problems.map((x) => problemText(x))).toEqual(["地点：不能为空", "主题：不能为空"]);
    const one = toPayload({ ...meeting, message: "place：地点：不能为空", problems: meeting.problems.slice(0, 1) });
    expect(one.message).toBe("地点：不能为空");
    expect(problemText({ at: "members[3].id_number", message: "公民身份号码：校验位不对" })).toBe("公民身份号码：校验位不对");
  });

  it("keeps a place a person can find, once", () => {
    expect(problemText({ at: "花名册!C7", message: "出生日期：不是日期" })).toBe("花名册!C7：出生日期：不是日期");
    expect(problemText({ at: "花名册", message: "花名册：表头下面没有党员数据" })).toBe("花名册：表头下面没有党员数据");
    expect(problemText({ at: "rules[3].min", message: "应大于 0" }, true)).toBe("rules[3].min：应大于 0");
  });
});

describe("run", () => {
  it("returns the data of an ok result", async () => {
    await expect(run(Promise.resolve({ status: "ok" as const, data: 42 }))).resolves.toBe(42);
  });

  it("throws a CommandError carrying the payload", async () => {
    const err = await run(Promise.resolve({ status: "error" as const, error: payload })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CommandError);
    expect((err as CommandError).problems).toEqual(payload.problems);
  });

  it("turns a rejected call into a CommandError", async () => {
    const err = await run(Promise.reject(new Error("boom"))).catch((e: unknown) => e);
    expect((err as CommandError).payload.message).toBe("程序内部错误：boom");
  });
});
