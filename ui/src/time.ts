//! Moments the Rust side records (audit entries, deletions) as ISO timestamps in UTC
//! (`2026-12-02T14:39:30Z`) and days as `2026-12-31`, shown as a person reads them: local time, in
//! Chinese.

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/** `2026-12-02T14:39:30Z` → `2026年12月2日 22:39` in the computer's time zone; anything else as it is. */
export function localTime(stamp: string): string {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(stamp)) return stamp;
  const t = new Date(stamp);
  if (Number.isNaN(t.getTime())) return stamp;
  return `${t.getFullYear()}年${t.getMonth() + 1}月${t.getDate()}日 ${pad(t.getHours())}:${pad(t.getMinutes())}`;
}

/** `2026-12-31` → `2026年12月31日`; anything else as it is. */
export function dayText(day: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : day;
}
