//! Chinese labels for the codes the Rust side sends. The bindings carry only codes; these tables
//! mirror the label tables in `src/model/codes.rs` and `field_label` in `src/model/member.rs`
//! (`labels.test.ts` compares them with the Rust source, so a new code fails the tests until added).

import type {
  ActivityType,
  AttendanceStatus,
  Category,
  Grade,
  TalkTrigger,
  ErrorCode,
  Gender,
  LeftReason,
  MemberEventKind,
  MemberStatus,
  OrgKind,
  Presence,
  Role,
  RosterField,
  Sector,
  Standing,
} from "./api";

export const ORG_KIND: Record<OrgKind, string> = {
  committee: "党委",
  general_branch: "党总支",
  branch: "党支部",
  joint_branch: "联合党支部",
  temporary_branch: "临时党支部",
};

export const SECTOR: Record<Sector, string> = {
  government: "机关",
  institution: "事业单位",
  soe: "国有企业",
  private_enterprise: "非公企业",
  social_org: "社会组织",
  school: "学校",
  urban_community: "城镇社区",
  village: "村",
};

export const GENDER: Record<Gender, string> = {
  男: "男",
  女: "女",
};

export const MEMBER_STATUS: Record<MemberStatus, string> = {
  full: "正式党员",
  probationary: "预备党员",
};

export const CATEGORY: Record<Category, string> = {
  employed: "在职",
  retired: "离退休",
  farmer: "农民",
  student: "学生",
  unemployed: "下岗失业/低保",
  other: "其他",
};

export const STANDING: Record<Standing, string> = {
  normal: "正常",
  suspended: "停止党籍",
};

export const LEFT_REASON: Record<LeftReason, string> = {
  transfer_out: "转出",
  deceased: "去世",
  expelled: "出党",
  withdrawn: "退党/除名",
  other: "其他",
};

export const ROLE: Record<Role, string> = {
  secretary: "书记",
  deputy_secretary: "副书记",
  organization: "组织委员",
  propaganda: "宣传委员",
  discipline: "纪检委员",
  other: "其他委员",
};

export const MEMBER_EVENT_KIND: Record<MemberEventKind, string> = {
  joined: "入党",
  became_full: "转为正式党员",
  transfer_in: "转入",
  transfer_out: "转出",
  suspended: "停止党籍",
  restored: "恢复党籍",
  deceased: "去世",
  expelled: "出党",
  withdrawn: "退党/除名",
  left_other: "其他原因离开",
  returned: "撤销离开（恢复在册）",
};

export const ACTIVITY_TYPE: Record<ActivityType, string> = {
  party_congress: "党员大会",
  committee_meeting: "支委会",
  group_meeting: "党小组会",
  party_lecture: "党课",
  theme_day: "主题党日",
  life_meeting: "组织生活会",
  evaluation_meeting: "民主评议",
  study: "集中学习",
  heart_talk: "谈心谈话",
  volunteer: "志愿服务",
  other: "其他",
};

export const ATTENDANCE_STATUS: Record<AttendanceStatus, string> = {
  present: "出席",
  leave: "请假",
  absent: "缺席",
};

export const GRADE: Record<Grade, string> = {
  excellent: "优秀",
  qualified: "合格",
  basically_qualified: "基本合格",
  unqualified: "不合格",
};

export const TALK_TRIGGER: Record<TalkTrigger, string> = {
  setback: "工作遭遇挫折时必谈",
  family_hardship: "家庭遇到困难时必谈",
  post_change: "岗位变动或职务调整时必谈",
  honour: "获得荣誉进步时必谈",
  discipline: "受到组织处理时必谈",
};

export const PRESENCE: Record<Presence, string> = {
  current: "在册",
  left: "已离开",
  all: "全部",
};

/** What each roster-import target field is called in the column-mapping select. */
export const ROSTER_FIELD: Record<RosterField, string> = {
  name: "姓名",
  gender: "性别",
  ethnicity: "民族",
  id_number: "公民身份证号",
  birth_date: "出生日期",
  education: "学历",
  status: "人员类别",
  branch: "所在党支部",
  group: "党小组",
  joined_on: "加入党组织日期",
  full_member_on: "转为正式党员日期",
  category: "党员分类",
  post: "工作岗位",
  phone: "手机号",
  landline: "固定电话",
  address: "家庭住址",
  standing: "党籍状态",
  lost_contact: "是否失联党员",
  lost_contact_since: "失去联系日期",
  outflow: "是否流动党员",
  outflow_to: "外出流向",
  native_place: "籍贯",
  work_started_on: "参加工作日期",
  degree: "学位",
  unit_title: "单位及职务",
  remark: "备注",
};

/** Chinese names of the member form's fields (`Problem.at` values), as `field_label` in Rust. */
export const FIELD_LABEL: Record<string, string> = {
  org_id: "所在党支部",
  group_id: "党小组",
  name: "姓名",
  gender: "性别",
  ethnicity: "民族",
  id_number: "公民身份证号",
  birth_date: "出生日期",
  education: "学历",
  status: "人员类别",
  joined_on: "加入党组织日期",
  full_member_on: "转为正式党员日期",
  category: "党员分类",
  post: "工作岗位",
  phone: "手机号",
  landline: "固定电话",
  address: "家庭住址",
  standing: "党籍状态",
  lost_contact_since: "失去联系日期",
  outflow_to: "外出流向",
  native_place: "籍贯",
  work_started_on: "参加工作日期",
  degree: "学位",
  unit_title: "单位及职务",
  remark: "备注",
  "left.on": "离开日期",
  "left.reason": "离开原因",
  "left.to": "转往单位",
};

/** A short explanation per error code, shown above the message where it helps. */
export const ERROR_HINT: Record<ErrorCode, string> = {
  invalid_input: "输入有误，未作任何更改。",
  not_found: "要找的记录不存在，可能已被修改。",
  conflict: "操作与台账现状冲突，未作任何更改。",
  newer_version: "这个台账文件由更新版本的程序写入，本程序不能打开。请安装新版本后再打开，文件本身未被改动。",
  unreadable_file: "文件无法读取，请确认选择的文件是否正确。",
  io: "系统拒绝了文件操作，请检查文件是否被其他程序占用、目录是否可写。",
  internal: "这是程序本身的问题，不是您的操作有误。",
};

export const EDUCATION_CHOICES = ["研究生", "大学本科", "大学专科", "中专", "高中", "初中及以下"];
export const DEGREE_CHOICES = ["博士", "硕士", "学士"];

/** `[{ value, label }]` in table order, for selects and radio groups. */
export function options<K extends string>(table: Record<K, string>): { value: K; label: string }[] {
  return (Object.keys(table) as K[]).map((value) => ({ value, label: table[value] }));
}
