//! The dues screen's own logic, kept out of the components so it is tested: what a month cell shows
//! (paid on time, 补缴, short, unpaid…), the month a base applies from by default, the range a
//! back-fill defaults to, and the confirmation asked before saving an unusual amount. The thresholds
//! of "unusual" are the core's (`dues/brackets.rs`, `PLAUSIBLE_*`): the UI only shows its warnings.

import { ElMessageBox } from "element-plus";
import type { MemberDues, MonthDues, Problem } from "./api";
import { yuan } from "./money";
import { dayText } from "./time";

export type CellState = { text: string; cls: string; title: string };

/** What the grid shows for one member's month. */
export function cellState(md: MonthDues): CellState {
  const paid = md.paid_fen > 0 || md.paid_on !== null;
  if (paid) {
    const when = md.paid_on ? `${dayText(md.paid_on)}缴纳` : "";
    if (md.unpaid) return { text: yuan(md.paid_fen), cls: "short", title: `少缴（${when}）\n${md.explanation}` };
    if (md.late) return { text: yuan(md.paid_fen), cls: "late", title: `补缴：${when}，晚于该月收缴期限\n${md.explanation}` };
    return { text: yuan(md.paid_fen), cls: "paid", title: `按时缴纳：${when}\n${md.explanation}` };
  }
  if (md.future) return { text: md.due_fen === null ? "" : "·", cls: "future", title: md.explanation };
  if (md.before_start) return { text: "记账前", cls: "future", title: md.explanation };
  if (md.pending) {
    const text = md.due_fen === null ? "无基数" : md.due_fen === 0 ? "免" : "待缴";
    return { text, cls: "pending", title: md.explanation };
  }
  if (md.due_fen === 0) return { text: "免", cls: "paid", title: md.explanation };
  return { text: md.due_fen === null ? "无基数" : "未缴", cls: "unpaid", title: md.explanation };
}

/** `YYYY-MM` of the first month of `year`. */
function january(year: number): string {
  return `${year}-01`;
}

/**
 * The month 基数自 starts at when the table opens: the ledger's 记账起始 when it falls in the year
 * shown, January of that year when the ledger started earlier or has no start (a base typed for the
 * year is in force from its first month; an earlier month would rewrite last year's base).
 */
export function defaultBaseFrom(startMonth: string | null, year: number): string {
  const jan = january(year);
  if (startMonth && startMonth.startsWith(`${year}-`)) return startMonth;
  return jan;
}

/**
 * The month a member's base is saved from: the chosen month, or the member's joining month when
 * later (a base cannot start before the member owes dues). `m.months` are the months of the year the
 * member owes, in order; the first is the joining month when they joined that year.
 */
export function baseFromFor(m: MemberDues, chosen: string): string {
  const first = m.months[0]?.month;
  if (!first || first.endsWith("-01")) return chosen;
  return first > chosen && first.slice(0, 4) === chosen.slice(0, 4) ? first : chosen;
}

/**
 * The range 登记多月缴纳 opens with: the running month (the shown year's December for a past year),
 * from the same month; "从记账起始" offers `fromStart`, the ledger's start or January of the year.
 */
export function rangeDefaults(today: string, year: number, startMonth: string | null) {
  const thisMonth = today.slice(0, 7);
  const to = Number(today.slice(0, 4)) === year ? thisMonth : `${year}-12`;
  const fromStart = startMonth && startMonth.startsWith(`${year}-`) && startMonth <= to ? startMonth : january(year);
  return { from: to, to, fromStart };
}

/** The text of the confirmation: each warning on its line, then the question. */
export function warningText(warnings: Problem[]): string {
  return `${warnings.map((w) => w.message).join("\n")}\n\n确认保存？`;
}

/**
 * Asks 确认保存？ when the core found the value unusual; true when there was nothing to ask or the
 * user confirmed. `check` is the core's check call (e.g. `commands.checkDuesBase`), run first.
 */
export async function confirmUnusual(warnings: Problem[], title = "金额异常"): Promise<boolean> {
  if (warnings.length === 0) return true;
  try {
    await ElMessageBox.confirm(warningText(warnings), title, {
      type: "warning",
      confirmButtonText: "确认保存",
      cancelButtonText: "返回修改",
      customClass: "pre-line",
      distinguishCancelAndClose: false,
    });
    return true;
  } catch {
    return false;
  }
}

/** The tone of a "recorded N" result: nothing recorded is not a success. */
export function resultTone(recorded: number): "success" | "warning" {
  return recorded > 0 ? "success" : "warning";
}

/** Selects the whole text of a box after a refusal, so typing replaces it instead of appending. */
export function selectAll(input: HTMLInputElement | null | undefined) {
  if (!input) return;
  input.focus();
  input.select();
}

/** The months `from`…`to` (`YYYY-MM`), in order; empty when `to` is before `from`. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = [Number(from.slice(0, 4)), Number(from.slice(5, 7))];
  for (let guard = 0; guard < 1200; guard++) {
    const key = `${y}-${String(m).padStart(2, "0")}`;
    if (key > to) break;
    out.push(key);
    [y, m] = m === 12 ? [y + 1, 1] : [y, m + 1];
  }
  return out;
}


/** The narrowest a month column of the dues grid gets (an amount like "1,234.50" still fits). */
export const MONTH_MIN_WIDTH = 62;

/** The width of each of the twelve month columns in a table `tableWidth` wide (2 px for the border). */
export function monthColumnWidth(tableWidth: number, otherColumns: number): number {
  return Math.max(MONTH_MIN_WIDTH, Math.floor((tableWidth - otherColumns - 2) / 12));
}
