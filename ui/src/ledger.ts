//! The open ledger as the whole UI sees it: one reactive store holding `LedgerInfo` (path, today,
//! organisations) and the startup phase. Pages read it; actions that change organisations put the
//! new state back here so every page shows the same thing.

import { computed, reactive } from "vue";
import { commands, run, toPayload, type ErrorPayload, type LedgerInfo, type LedgerPlace, type Organization } from "./api";
import { topOrg } from "./orgs";

/**
 * `damaged`: the start-up check found the ledger file damaged — the recovery page offers a backup;
 * `locked`: the ledger is encrypted and waits for its password (at start, or after the idle time).
 */
type Phase = "loading" | "failed" | "damaged" | "locked" | "welcome" | "ready";

export const ledger = reactive<{ phase: Phase; info: LedgerInfo | null; error: ErrorPayload | null }>({
  phase: "loading",
  info: null,
  error: null,
});

/** Which file the window works on: the demo ledger (marked on every screen) or another than its own. */
export const place = reactive<{ now: LedgerPlace | null }>({ now: null });

export function setInfo(info: LedgerInfo) {
  ledger.info = info;
  ledger.error = null;
  ledger.phase = info.is_empty ? "welcome" : "ready";
}

/**
 * A ledger just created on the first-run path (从已有 Excel 建立台账): every screen knows it, but the
 * window stays on the welcome page for the import steps until `enterLedger` (进入工作台).
 */
export function holdWelcome(info: LedgerInfo) {
  ledger.info = info;
  ledger.error = null;
}

/** 进入工作台 at the end of the first-run path. */
export function enterLedger() {
  if (ledger.info) setInfo(ledger.info);
}

/** Asks the Rust side what ledger is open; a ledger that failed to open leaves the phase "failed". */
export async function loadLedger() {
  ledger.phase = "loading";
  try {
    place.now = await run(commands.ledgerPlace());
  } catch {
    place.now = null;
  }
  try {
    setInfo(await run(commands.ledgerInfo()));
  } catch (e) {
    ledger.error = toPayload(e);
    const code = ledger.error.code;
    ledger.phase = code === "damaged" ? "damaged" : code === "locked" ? "locked" : "failed";
  }
}

/**
 * Works on another ledger: `open` a file (a missing one becomes a new ledger), the demo ledger, or
 * the person's own again. The whole window starts over on it (locked, damaged, empty as it is).
 */
export async function switchLedger(to: { file: string } | "demo" | "home") {
  if (to === "demo") await run(commands.openDemoLedger());
  else if (to === "home") await run(commands.returnToOwnLedger());
  else await run(commands.openLedgerFile(to.file));
  await loadLedger();
}

/** The window locks (idle time, or 锁定): the ledger is closed until the password is typed again. */
export async function lockNow() {
  try {
    await run(commands.lockLedger());
  } catch {
    return; // not encrypted, or already locked: nothing to do
  }
  ledger.info = null;
  ledger.error = null;
  ledger.phase = "locked";
}

/** Re-reads the ledger's organisations without leaving the current screen (after an import). */
export async function refreshLedger() {
  try {
    const info = await run(commands.ledgerInfo());
    ledger.info = info;
  } catch {
    // The screen keeps what it had; the next action will report the problem.
  }
}

/** Replaces one organisation (e.g. after a 党小组 was added). */
export function replaceOrg(org: Organization) {
  if (!ledger.info) return;
  const i = ledger.info.organizations.findIndex((o) => o.id === org.id);
  if (i >= 0) ledger.info.organizations.splice(i, 1, org);
  else ledger.info.organizations.push(org);
}

export const organizations = computed<Organization[]>(() => ledger.info?.organizations ?? []);
export const top = computed(() => topOrg(organizations.value));
export const today = computed(() => ledger.info?.today ?? "");

export function orgById(id: number | null | undefined): Organization | undefined {
  return id == null ? undefined : organizations.value.find((o) => o.id === id);
}
