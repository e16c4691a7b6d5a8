//! Running a command from a dialog or page: `busy` while it runs, the failure kept as an
//! `ErrorPayload` (its Chinese message and located problems) for the screen to show, or reported at
//! once in a toast / problem dialog (`report`). Replaces the try/catch/finally around every call.

import { computed, ref } from "vue";
import { toPayload, type ErrorPayload, type Problem } from "../api";
import { showError } from "../errors";

export interface CommandOptions {
  /** Report a failure at once with `showError(e, report)` instead of keeping it in `error`. */
  report?: string;
}

export function useCommand(options: CommandOptions = {}) {
  const busy = ref(false);
  const error = ref<ErrorPayload | null>(null);
  const problems = computed<Problem[]>(() => error.value?.problems ?? []);

  /** Runs `call`; its value, or undefined when it failed (the failure is in `error` or reported). */
  async function exec<T>(call: () => Promise<T>): Promise<T | undefined> {
    busy.value = true;
    error.value = null;
    try {
      return await call();
    } catch (e) {
      if (options.report !== undefined) showError(e, options.report || undefined);
      else error.value = toPayload(e);
      return undefined;
    } finally {
      busy.value = false;
    }
  }

  /** A failure found before calling anything (a box left empty): shown like a command's. */
  function fail(message: string, found: Problem[] = []) {
    error.value = { code: "invalid_input", message, problems: found };
  }

  function clear() {
    error.value = null;
  }

  return { busy, error, problems, exec, fail, clear };
}
