//! The 公民身份证号 as the form reads it: birth date and gender derived from a valid number (to fill
//! the form), and the masked form lists show. The Rust side stays the authority on validity.

import type { Gender } from "../api";

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = "10X98765432";

export interface IdFacts {
  /** YYYY-MM-DD */
  birthDate: string;
  gender: Gender;
}

function validDate(y: number, m: number, d: number): string | null {
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** The check character of the first 17 digits of an 18-digit number. */
export function checkChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

/**
 * Birth date and gender of a valid ID number (18 digits with a correct check character, or the old
 * 15-digit form); null for anything else, including a half-typed number.
 */
export function idFacts(text: string): IdFacts | null {
  const t = text.trim().toUpperCase();
  let date: string | null;
  let genderDigit: number;
  if (/^\d{17}[\dX]$/.test(t)) {
    if (checkChar(t.slice(0, 17)) !== t[17]) return null;
    date = validDate(Number(t.slice(6, 10)), Number(t.slice(10, 12)), Number(t.slice(12, 14)));
    genderDigit = Number(t[16]);
  } else if (/^\d{15}$/.test(t)) {
    date = validDate(1900 + Number(t.slice(6, 8)), Number(t.slice(8, 10)), Number(t.slice(10, 12)));
    genderDigit = Number(t[14]);
  } else {
    return null;
  }
  if (!date) return null;
  return { birthDate: date, gender: genderDigit % 2 === 1 ? "男" : "女" };
}

/** `110105********002X`: the region code and the last four stay, the birth date is hidden. */
export function maskIdNumber(id: string | null | undefined): string {
  if (!id) return "";
  const t = id.trim();
  if (t.length <= 10) return "*".repeat(t.length);
  return t.slice(0, 6) + "*".repeat(t.length - 10) + t.slice(-4);
}
