//! The member form's state and its translation to and from `MemberFields`, plus how problems
//! (`Problem.at` = field name) are placed under the form's fields. Pure: no Vue, no IPC.

import type { Category, Gender, MemberFields, MemberStatus, Problem, Standing } from "../api";
import { FIELD_LABEL } from "../labels";
import { idFacts } from "./idNumber";

/** What the form's inputs hold: text as strings ("" = empty), dates as YYYY-MM-DD or empty. */
export interface MemberForm {
  org_id: number | null;
  group_id: number | null;
  name: string;
  id_number: string;
  gender: Gender | null;
  birth_date: string | null;
  ethnicity: string;
  education: string;
  degree: string;
  native_place: string;
  status: MemberStatus;
  joined_on: string | null;
  full_member_on: string | null;
  category: Category;
  standing: Standing;
  attendance_exempt: boolean;
  post: string;
  unit_title: string;
  work_started_on: string | null;
  phone: string;
  landline: string;
  address: string;
  /** YYYY-MM */
  lost_contact_since: string | null;
  outflow_to: string;
  remark: string;
}

export function emptyForm(orgId: number | null): MemberForm {
  return {
    org_id: orgId,
    group_id: null,
    name: "",
    id_number: "",
    gender: null,
    birth_date: null,
    ethnicity: "汉族",
    education: "",
    degree: "",
    native_place: "",
    status: "full",
    joined_on: null,
    full_member_on: null,
    category: "employed",
    standing: "normal",
    attendance_exempt: false,
    post: "",
    unit_title: "",
    work_started_on: null,
    phone: "",
    landline: "",
    address: "",
    lost_contact_since: null,
    outflow_to: "",
    remark: "",
  };
}

export function formFromFields(f: MemberFields): MemberForm {
  const s = (v: string | null) => v ?? "";
  return {
    org_id: f.org_id,
    group_id: f.group_id,
    name: f.name,
    id_number: s(f.id_number),
    gender: f.gender,
    birth_date: f.birth_date,
    ethnicity: s(f.ethnicity),
    education: s(f.education),
    degree: s(f.degree),
    native_place: s(f.native_place),
    status: f.status,
    joined_on: f.joined_on,
    full_member_on: f.full_member_on,
    category: f.category,
    standing: f.standing,
    attendance_exempt: f.attendance_exempt,
    post: s(f.post),
    unit_title: s(f.unit_title),
    work_started_on: f.work_started_on,
    phone: s(f.phone),
    landline: s(f.landline),
    address: s(f.address),
    lost_contact_since: f.lost_contact_since,
    outflow_to: s(f.outflow_to),
    remark: s(f.remark),
  };
}

function text(v: string): string | null {
  const t = v.trim();
  return t === "" ? null : t;
}

function date(v: string | null): string | null {
  return v && v.trim() !== "" ? v.trim() : null;
}

export type FormOutcome = { fields: MemberFields; missing: [] } | { fields: null; missing: Problem[] };

/**
 * The fields to send, or the required boxes still empty (those the Rust type cannot carry empty:
 * organisation, gender, birth date, joining date). The Rust check covers everything else.
 * 转正日期 is not sent for a 预备党员: the box is hidden then.
 */
export function formToFields(form: MemberForm): FormOutcome {
  const missing: Problem[] = [];
  const need = (at: string, what: string) => missing.push({ at, message: `${FIELD_LABEL[at]}：${what}` });
  if (form.org_id === null) need("org_id", "请选择");
  if (form.gender === null) need("gender", "请选择");
  const birth = date(form.birth_date);
  if (birth === null) need("birth_date", "不能为空");
  const joined = date(form.joined_on);
  if (joined === null) need("joined_on", "不能为空");
  if (form.org_id === null || form.gender === null || birth === null || joined === null) {
    return { fields: null, missing };
  }
  return {
    fields: {
      org_id: form.org_id,
      group_id: form.group_id,
      name: form.name.trim(),
      gender: form.gender,
      ethnicity: text(form.ethnicity),
      id_number: text(form.id_number),
      birth_date: birth,
      education: text(form.education),
      status: form.status,
      joined_on: joined,
      full_member_on: form.status === "probationary" ? null : date(form.full_member_on),
      category: form.category,
      post: text(form.post),
      phone: text(form.phone),
      landline: text(form.landline),
      address: text(form.address),
      standing: form.standing,
      lost_contact_since: date(form.lost_contact_since),
      outflow_to: text(form.outflow_to),
      attendance_exempt: form.attendance_exempt,
      native_place: text(form.native_place),
      work_started_on: date(form.work_started_on),
      degree: text(form.degree),
      unit_title: text(form.unit_title),
      remark: text(form.remark),
    },
    missing: [],
  };
}

/**
 * Fills 出生日期 and 性别 from a valid ID number where they are still empty. Returns the names of
 * the fields it filled.
 */
export function fillFromIdNumber(form: MemberForm): string[] {
  const facts = idFacts(form.id_number);
  if (!facts) return [];
  const filled: string[] = [];
  if (!form.birth_date) {
    form.birth_date = facts.birthDate;
    filled.push("birth_date");
  }
  if (form.gender === null) {
    form.gender = facts.gender;
    filled.push("gender");
  }
  return filled;
}

/** The message as shown under its field: without the leading "字段名：" the field already shows. */
export function messageUnderField(p: Problem): string {
  const label = FIELD_LABEL[p.at];
  const prefix = label ? `${label}：` : "";
  return prefix && p.message.startsWith(prefix) ? p.message.slice(prefix.length) : p.message;
}

/** Problems grouped by the field they name; `""` holds those naming no known field. */
export function problemsByField(problems: Problem[], fields: readonly string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const p of problems) {
    const key = fields.includes(p.at) ? p.at : "";
    (out[key] ??= []).push(key === "" ? p.message : messageUnderField(p));
  }
  return out;
}

/** The form's fields in screen (and Tab) order; the first with a problem gets the focus on save. */
export const FORM_FIELDS = [
  "name",
  "id_number",
  "gender",
  "birth_date",
  "ethnicity",
  "education",
  "degree",
  "native_place",
  "org_id",
  "group_id",
  "status",
  "joined_on",
  "full_member_on",
  "category",
  "standing",
  "post",
  "unit_title",
  "work_started_on",
  "phone",
  "landline",
  "address",
  "lost_contact_since",
  "outflow_to",
  "remark",
] as const;

export function firstProblemField(problems: Problem[]): string | null {
  for (const f of FORM_FIELDS) if (problems.some((p) => p.at === f)) return f;
  return null;
}
