//! The one door to the Rust side: re-exports the generated command bindings and their types, and
//! turns a command's `Result` into a value or a thrown `CommandError` carrying the `ErrorPayload`.
//! Components import types from here, never from a hand-written copy.

export * from "./bindings";
import { ref } from "vue";
import { type ErrorPayload, type Problem } from "./bindings";

/** Commands awaited through `run` and not yet answered (the screen benchmark waits for none). */
export const inFlight = ref(0);

type CommandResult<T> = { status: "ok"; data: T } | { status: "error"; error: ErrorPayload };

/** A command that answered with an error (or could not be invoked at all). */
export class CommandError extends Error {
  readonly payload: ErrorPayload;
  constructor(payload: ErrorPayload) {
    super(payload.message);
    this.payload = payload;
  }
  get problems(): Problem[] {
    return this.payload.problems;
  }
}

/**
 * A problem as a person reads it: the Chinese message alone, which names the field itself
 * (`地点：不能为空`). A location is kept only when it is one a person can find — a sheet and cell
 * (`花名册!C7`), or words — and the message does not already name it; field names and JSON paths
 * (`place`, `members[3].id_number`) are for machines (`withPlace` keeps them, for the 标准方案 editor
 * whose problems are named by their place in the text).
 */
export function problemText(p: Problem, withPlace = false): string {
  const readable = withPlace || p.at.includes("!") || [...p.at].some((c) => c.charCodeAt(0) > 127);
  return p.at && readable && !p.message.includes(p.at) ? `${p.at}：${p.message}` : p.message;
}

/**
 * The headline of a refusal: the Rust side's message names each problem's location (for the
 * command line); on screen the one problem as a person reads it, or how many there are (listed under it).
 */
function headline(message: string, problems: Problem[]): string {
  if (problems.length === 0) return message;
  if (problems.length === 1) return problemText(problems[0]);
  return `发现 ${problems.length} 处问题：`;
}

/**
 * Any thrown or returned failure as an ErrorPayload. The bindings return a bare string (not an
 * ErrorPayload) when Tauri itself refuses the call, e.g. arguments that do not deserialize; and
 * outside the Tauri window `invoke` throws a TypeError.
 */
export function toPayload(e: unknown): ErrorPayload {
  if (e instanceof CommandError) return e.payload;
  if (e instanceof Error) return { code: "internal", message: `程序内部错误：${e.message}`, problems: [] };
  if (typeof e === "string") return { code: "internal", message: `程序内部错误：${e}`, problems: [] };
  if (e && typeof e === "object" && typeof (e as { message?: unknown }).message === "string") {
    const o = e as { code?: unknown; message: string; problems?: unknown };
    const problems = Array.isArray(o.problems) ? (o.problems as Problem[]) : [];
    return {
      code: typeof o.code === "string" ? (o.code as ErrorPayload["code"]) : "internal",
      message: headline(o.message, problems),
      problems,
    };
  }
  return { code: "internal", message: "程序内部错误（原因不明）", problems: [] };
}

/** Awaits a command and returns its data, throwing CommandError when it failed. */
export async function run<T>(result: Promise<CommandResult<T>>): Promise<T> {
  let r: CommandResult<T>;
  inFlight.value++;
  try {
    r = await result;
  } catch (e) {
    throw new CommandError(toPayload(e));
  } finally {
    inFlight.value--;
  }
  if (r.status === "error") throw new CommandError(toPayload(r.error));
  return r.data;
}
