//! 密码保护 as the whole window sees it: whether the ledger is encrypted and after how many idle
//! minutes it locks. Read when the main screen opens; the password dialogs put the new state back.

import { reactive } from "vue";
import { commands, run, type SecurityStatus } from "./api";

export const security = reactive<{ status: SecurityStatus | null }>({ status: null });

export async function loadSecurity() {
  try {
    security.status = await run(commands.securityStatus());
  } catch {
    security.status = null; // shown as unknown; the page that needs it reports the problem
  }
}

/** Minutes of idleness before the window locks; null when it never does (no password, or 0). */
export function idleLockMinutes(s: SecurityStatus | null): number | null {
  return s?.encrypted && s.lock_after_minutes > 0 ? s.lock_after_minutes : null;
}
