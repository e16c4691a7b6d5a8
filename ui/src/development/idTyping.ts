//! The 入党申请人 form reads the ID number as it is typed (the core's `id_number_facts`): a valid number
//! fills 性别 and 出生日期; a wrong one says why once it is complete (18 characters) or the box is left.

import type { Gender, IdNumberFacts } from "../api";

/**
 * Fills `form` from `facts`: 性别 always (the ID decides it), 出生日期 when empty or still the one
 * filled from an earlier number (a date typed by hand is kept). Returns the 出生日期 now filled from
 * the ID, for the next call.
 */
export function applyIdFacts(
  form: { gender: Gender; birth_date: string | null },
  facts: IdNumberFacts,
  filledBefore: string | null,
): string | null {
  if (facts.gender) form.gender = facts.gender;
  if (facts.birth_date && (!form.birth_date || form.birth_date === filledBefore)) {
    form.birth_date = facts.birth_date;
    return facts.birth_date;
  }
  return filledBefore;
}

/** The problem to show under the box: only for a complete number, or once the box was left. */
export function idProblemShown(text: string, facts: IdNumberFacts | null, left: boolean): string | undefined {
  if (!facts?.problem) return undefined;
  return left || text.replace(/\s/g, "").length >= 18 ? facts.problem : undefined;
}
