import { describe, expect, it } from "vitest";
import type { MemberFields } from "../api";
import {
  emptyForm,
  fillFromIdNumber,
  firstProblemField,
  FORM_FIELDS,
  formFromFields,
  formToFields,
  messageUnderField,
  problemsByField,
} from "./form";

const sample: MemberFields = {
  org_id: 1,
  group_id: null,
  name: "张三",
  gender: "男",
  ethnicity: "汉族",
  id_number: "110101199003074477",
  birth_date: "1990-03-07",
  education: "大学本科",
  status: "full",
  joined_on: "2015-06-30",
  full_member_on: "2016-06-30",
  category: "employed",
  post: null,
  phone: "13800000000",
  landline: null,
  address: null,
  standing: "normal",
  lost_contact_since: null,
  outflow_to: null,
  attendance_exempt: false,
  native_place: null,
  work_started_on: null,
  degree: null,
  unit_title: null,
  remark: null,
};

describe("form ↔ fields", () => {
  it("round-trips stored fields", () => {
    expect(formToFields(formFromFields(sample))).toEqual({ fields: sample, missing: [] });
  });

  it("starts with the defaults a secretary expects", () => {
    const f = emptyForm(7);
    expect(f.org_id).toBe(7);
    expect(f.ethnicity).toBe("汉族");
    expect(f.status).toBe("full");
    expect(f.category).toBe("employed");
    expect(f.standing).toBe("normal");
    expect(f.gender).toBeNull();
  });

  it("names the required boxes still empty", () => {
    const out = formToFields(emptyForm(null));
    expect(out.fields).toBeNull();
    expect(out.missing.map((p) => p.at)).toEqual(["org_id", "gender", "birth_date", "joined_on"]);
    expect(out.missing[2].message).toBe("出生日期：不能为空");
  });

  it("trims text, sends empty text as null, and drops 转正日期 for a 预备党员", () => {
    const form = formFromFields(sample);
    form.name = "  张三 ";
    form.remark = "   ";
    form.status = "probationary";
    const out = formToFields(form);
    expect(out.fields?.name).toBe("张三");
    expect(out.fields?.remark).toBeNull();
    expect(out.fields?.full_member_on).toBeNull();
  });
});

describe("fillFromIdNumber", () => {
  it("fills empty birth date and gender from a valid number", () => {
    const f = emptyForm(1);
    f.id_number = "11010519491231002X";
    expect(fillFromIdNumber(f)).toEqual(["birth_date", "gender"]);
    expect(f.birth_date).toBe("1949-12-31");
    expect(f.gender).toBe("女");
  });

  it("leaves values the person already entered", () => {
    const f = emptyForm(1);
    f.id_number = "11010519491231002X";
    f.birth_date = "1950-01-01";
    f.gender = "男";
    expect(fillFromIdNumber(f)).toEqual([]);
    expect(f.birth_date).toBe("1950-01-01");
  });

  it("does nothing for a half-typed number", () => {
    const f = emptyForm(1);
    f.id_number = "1101051949";
    expect(fillFromIdNumber(f)).toEqual([]);
    expect(f.birth_date).toBeNull();
  });
});

describe("problems on the form", () => {
  const problems = [
    { at: "birth_date", message: "出生日期：与身份证号中的出生日期1990-03-07不一致" },
    { at: "id_number", message: "公民身份证号：校验位错误" },
    { at: "left.to", message: "转往单位：转出时须填写转往的党组织" },
    { at: "", message: "台账中已有相同身份证号的党员" },
  ];

  it("places each problem under its field, without repeating the label", () => {
    const by = problemsByField(problems, FORM_FIELDS);
    expect(by["birth_date"]).toEqual(["与身份证号中的出生日期1990-03-07不一致"]);
    expect(by["id_number"]).toEqual(["校验位错误"]);
    expect(by[""]).toEqual(["转往单位：转出时须填写转往的党组织", "台账中已有相同身份证号的党员"]);
  });

  it("maps leaving problems when the leaving fields are the form", () => {
    expect(problemsByField(problems, ["left.on", "left.to"])["left.to"]).toEqual(["转出时须填写转往的党组织"]);
  });

  it("keeps a message that does not start with its label", () => {
    expect(messageUnderField({ at: "phone", message: "号码太短" })).toBe("号码太短");
  });

  it("finds the first problem field in screen order", () => {
    expect(firstProblemField(problems)).toBe("id_number");
    expect(firstProblemField([])).toBeNull();
  });
});
