import { describe, expect, it } from "vitest";
import { CommandError, run, toPayload } from "./api";

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
