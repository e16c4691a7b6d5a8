//! Which screen is shown: the menu sets it, and the 工作台 follows an item to the screen that fixes it.

import { ref } from "vue";

export type Page = "dashboard" | "plan" | "committee" | "roster" | "meetings" | "dues" | "funds" | "development" | "standards" | "orgs" | "bin" | "backups";

export const page = ref<Page>("dashboard");

/** The screen an item of the 工作台 opens: by the finding's kind, measure or activity. */
export function pageFor(f: { kind: string; measure?: string | null; activity?: string | null }): Page {
  if (f.kind === "development") return "development";
  if (f.measure === "dues_unpaid_streak" || f.measure?.startsWith("dues")) return "dues";
  // Every money rule (大额支出, 走访慰问, 困难党员, the 1% budget) and the 经费使用情况 publication.
  if (f.kind === "funds" || f.measure === "funds_publication") return "funds";
  if (f.activity || f.measure === "training_hours" || f.measure === "heart_talks" || f.measure === "volunteer_services") {
    return "meetings";
  }
  if (f.kind === "structure") return "orgs";
  return "standards";
}
