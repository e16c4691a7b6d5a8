//! Money in the UI: amounts travel as integer 分; people read and type 元.

/** 分 → "1,234.50". */
export function yuan(fen: number | null | undefined): string {
  if (fen == null) return "";
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(Math.trunc(fen));
  const whole = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${sign}${whole}.${String(abs % 100).padStart(2, "0")}`;
}

/**
 * What a person typed as 元 → 分, or an error sentence. Accepts "6500", "6,500.5", "6500元", "￥6500";
 * more than two decimals is refused rather than silently rounded.
 */
export function parseYuan(text: string): { fen: number } | { error: string } | null {
  const cleaned = text.replace(/[,，￥¥元\s]/g, "");
  if (cleaned === "") return null;
  const m = /^(\d{1,9})(?:\.(\d{0,2}))?$/.exec(cleaned);
  if (!m) {
    if (/^-/.test(cleaned)) return { error: "金额不能为负数" };
    if (/^\d+\.\d{3,}$/.test(cleaned)) return { error: "金额最多到分（两位小数）" };
    return { error: `“${text.trim()}”不是金额，请填写数字（元）` };
  }
  const cents = (m[2] ?? "").padEnd(2, "0");
  return { fen: Number(m[1]) * 100 + Number(cents) };
}

/** 15 ‰ → "1.5%". */
export function percent(permille: number | null | undefined): string {
  if (permille == null) return "";
  return `${permille / 10}%`;
}
