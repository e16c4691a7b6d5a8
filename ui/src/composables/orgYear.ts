//! The organisation and year a page shows: the organisation starts at the top one (and follows it
//! once the ledger is read), the year at today's; the choices for their selects.

import { computed, ref, watch } from "vue";
import { organizations, today, top } from "../ledger";
import { orgChoices } from "../orgs";

export interface YearRange {
  /** Years offered after this one. */
  ahead?: number;
  /** Years offered before this one. */
  back?: number;
}

/** The year of a `YYYY-MM-DD` day (2026 before the ledger has told us today). */
export function yearOf(day: string): number {
  return Number((day || "2026").slice(0, 4));
}

/** From `thisYear + ahead` down to `thisYear - back`, for a year select. */
export function yearChoices(thisYear: number, { ahead = 0, back = 5 }: YearRange = {}): number[] {
  return Array.from({ length: ahead + back + 1 }, (_, i) => thisYear + ahead - i);
}

export function useOrgYear(range: YearRange = {}) {
  const thisYear = computed(() => yearOf(today.value));
  const orgId = ref<number | null>(top.value?.id ?? null);
  const year = ref<number>(thisYear.value);
  watch(top, (t) => {
    if (orgId.value === null && t) orgId.value = t.id;
  });
  const orgOptions = computed(() => orgChoices(organizations.value));
  const yearOptions = computed(() => yearChoices(thisYear.value, range));
  return { orgId, year, thisYear, orgOptions, yearOptions };
}
