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

/**
 * A period code as a person reads it, in the words of the core's `standards::period::label_of`:
 * `2026-Q3` → `2026年第三季度`, `2026-H1` → `2026年上半年`, `2026-05` → `2026年5月`.
 */
export function periodText(code: string): string {
  const q = /^(\d{4})-Q([1-4])$/.exec(code);
  if (q) return `${q[1]}年第${"一二三四"[Number(q[2]) - 1]}季度`;
  const h = /^(\d{4})-H([12])$/.exec(code);
  if (h) return `${h[1]}年${h[2] === "1" ? "上" : "下"}半年`;
  const m = /^(\d{4})-(\d{2})$/.exec(code);
  if (m) return `${m[1]}年${Number(m[2])}月`;
  return /^\d{4}$/.test(code) ? `${code}年` : code;
}

/** A period within its year, for a column head: `2026-05` → `5月`, `2026-Q3` → `第三季度`, `2026-H1` → `上半年`, `2026` → `全年`. */
export function periodShort(code: string): string {
  if (/^\d{4}$/.test(code)) return "全年";
  const long = periodText(code);
  return long.startsWith(code.slice(0, 4) + "年") && long !== code ? long.slice(5) : code;
}
