//! What the Excel import panels and the first-run path share: the kinds of history a file can hold,
//! and the first-run summary built from the imports' own results (counts and what needs checking),
//! never by counting again on this side.

import { type ColumnMapping, type HistoryImportSummary, type HistoryKind, type RosterImportSummary } from "./api";
import { fileName } from "./paths";

export const HISTORY_KINDS: { value: HistoryKind; label: string; hint: string }[] = [
  { value: "meetings", label: "三会一课记录", hint: "一行一次会议：日期、类型、主题、地点、主持人、应到/实到或请假、缺席人员" },
  { value: "dues", label: "党费缴纳记录", hint: "党员×月份（1月…12月）的金额表，或“姓名、月份、金额、缴纳日期”清单" },
  { value: "development", label: "发展党员名册", hint: "一行一人：申请入党、确定积极分子、确定发展对象、接收预备党员、转正的时间" },
  { value: "evaluations", label: "民主评议结果", hint: "姓名、年度、评议等次（优秀/合格/基本合格/不合格）" },
  { value: "trainings", label: "外出培训", hint: "姓名、日期、培训名称、学时（计入党员学时）" },
];

/** The value of a column's field choice that means 不导入 (a select cannot hold null). */
export const NOT_IMPORTED = "__none__";

/**
 * A sheet's column mapping with one column given another field (or none, `NOT_IMPORTED`), as the
 * roster's and the history's import panels send it back to preview again; the other columns as they were.
 */
export function remap<F extends string>(mapping: ColumnMapping<F>, column: number, value: string): ColumnMapping<F> {
  return {
    header_row: mapping.header_row,
    columns: mapping.columns.map((c) =>
      c.column === column ? { ...c, field: value === NOT_IMPORTED ? null : (value as F) } : c,
    ),
  };
}

export function historyKindLabel(kind: HistoryKind): string {
  return HISTORY_KINDS.find((k) => k.value === kind)?.label ?? kind;
}

/** One file imported on the first-run path: its path and what the import returned. */
export type RosterResult = { path: string; summary: RosterImportSummary };
export type HistoryResult = { path: string; summary: HistoryImportSummary };

/** Something imported that the secretary should look at, with the file it came from. */
export type CheckItem = { file: string; text: string };

export type FirstRunSummary = {
  /** Members added by the roster imports; `membersUpdated`: rows that updated a member imported before. */
  members: number;
  membersUpdated: number;
  meetings: number;
  /** 党费 records (one per member and month paid). */
  payments: number;
  /** People whose 发展党员 stages were recorded. */
  development: number;
  evaluations: number;
  trainings: number;
  checks: CheckItem[];
};

function keptToFix(rows: number, path: string): string {
  return `${rows} 行有问题未导入，已另存到 ${path}，改正后可再导入`;
}

/** The summary at the end of the first-run path, from the results the imports returned. */
export function firstRunSummary(roster: RosterResult[], history: HistoryResult[]): FirstRunSummary {
  const s: FirstRunSummary = {
    members: 0,
    membersUpdated: 0,
    meetings: 0,
    payments: 0,
    development: 0,
    evaluations: 0,
    trainings: 0,
    checks: [],
  };
  for (const { path, summary } of roster) {
    const file = fileName(path);
    s.members += summary.added;
    s.membersUpdated += summary.updated;
    for (const n of summary.notes ?? []) s.checks.push({ file, text: n });
    // A warning's message names its sheet, row and column itself (as the import panel shows it).
    for (const w of summary.warnings ?? []) s.checks.push({ file, text: w.message });
    if (summary.rejected && summary.rejects_path) {
      s.checks.push({ file, text: keptToFix(summary.rejected, summary.rejects_path) });
    }
  }
  const field: Record<HistoryKind, "meetings" | "payments" | "development" | "evaluations" | "trainings"> = {
    meetings: "meetings",
    dues: "payments",
    development: "development",
    evaluations: "evaluations",
    trainings: "trainings",
  };
  for (const { path, summary } of history) {
    const file = fileName(path);
    s[field[summary.kind]] += summary.added;
    for (const n of summary.notes) s.checks.push({ file, text: n });
    if (summary.refused && summary.problems_path) {
      s.checks.push({ file, text: keptToFix(summary.refused, summary.problems_path) });
    }
  }
  return s;
}
