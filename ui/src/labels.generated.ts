// Generated from the Rust label tables by `make bindings`. Do not edit: change the Rust
// (`LABEL_TABLES` in src/model/codes.rs, `FIELD_LABELS` in src/model/member.rs, the roster
// import fields in src/import/roster/headers.rs, `RESTORERS` in src/app/bin.rs) and run
         // `make bindings`.

import type { ActivityType, AttendanceStatus, Category, Gender, Grade, LeftReason, MemberEventKind, MemberStatus, OrgKind, ReviewResult, Role, RosterField, Sector, Standing, TalkTrigger, VoteSubject } from "./bindings";

/** `OrgKind` codes and their Chinese labels. */
export const ORG_KIND: Record<OrgKind, string> = {
  committee: "党委",
  general_branch: "党总支",
  branch: "党支部",
  joint_branch: "联合党支部",
  temporary_branch: "临时党支部",
};

/** `Sector` codes and their Chinese labels. */
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

/** `Gender` codes and their Chinese labels. */
export const GENDER: Record<Gender, string> = {
  "男": "男",
  "女": "女",
};

/** `MemberStatus` codes and their Chinese labels. */
export const MEMBER_STATUS: Record<MemberStatus, string> = {
  full: "正式党员",
  probationary: "预备党员",
};

/** `Category` codes and their Chinese labels. */
export const CATEGORY: Record<Category, string> = {
  employed: "在职",
  retired: "离退休",
  farmer: "农民",
  student: "学生",
  unemployed: "下岗失业/低保",
  other: "其他",
};

/** `Standing` codes and their Chinese labels. */
export const STANDING: Record<Standing, string> = {
  normal: "正常",
  suspended: "停止党籍",
};

/** `LeftReason` codes and their Chinese labels. */
export const LEFT_REASON: Record<LeftReason, string> = {
  transfer_out: "转出",
  deceased: "去世",
  expelled: "出党",
  withdrawn: "退党/除名",
  other: "其他",
};

/** `Role` codes and their Chinese labels. */
export const ROLE: Record<Role, string> = {
  secretary: "书记",
  deputy_secretary: "副书记",
  organization: "组织委员",
  propaganda: "宣传委员",
  discipline: "纪检委员",
  other: "其他委员",
};

/** `ActivityType` codes and their Chinese labels. */
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

/** `AttendanceStatus` codes and their Chinese labels. */
export const ATTENDANCE_STATUS: Record<AttendanceStatus, string> = {
  present: "出席",
  leave: "请假",
  absent: "缺席",
};

/** `Grade` codes and their Chinese labels. */
export const GRADE: Record<Grade, string> = {
  excellent: "优秀",
  qualified: "合格",
  basically_qualified: "基本合格",
  unqualified: "不合格",
};

/** `ReviewResult` codes and their Chinese labels. */
export const REVIEW_RESULT: Record<ReviewResult, string> = {
  passed: "合格",
  failed: "不合格",
};

/** `MemberEventKind` codes and their Chinese labels. */
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

/** `TalkTrigger` codes and their Chinese labels. */
export const TALK_TRIGGER: Record<TalkTrigger, string> = {
  setback: "工作遭遇挫折时必谈",
  family_hardship: "家庭遇到困难时必谈",
  post_change: "岗位变动或职务调整时必谈",
  honour: "获得荣誉进步时必谈",
  discipline: "受到组织处理时必谈",
};

/** `VoteSubject` codes and their Chinese labels. */
export const VOTE_SUBJECT: Record<VoteSubject, string> = {
  admission: "接收预备党员",
  conversion: "预备党员转正",
  other: "其他事项",
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
  lost_contact: "是否为失联党员",
  lost_contact_since: "失去联系日期",
  outflow: "是否为流动党员",
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

/** The kinds of record the recycle bin holds (`BinEntry.entity`). */
export const BIN_KIND: Record<string, string> = {
  activity: "组织生活记录",
  attachment: "附件",
  meeting_template: "会议模板",
  training: "培训记录",
  evaluation: "民主评议结果",
  dues_payment: "党费缴纳记录",
  standard_profile: "标准方案",
  development_step: "发展党员步骤",
  dues_remittance: "党费上缴记录",
  fund_spending: "支出记录",
  care_visit: "走访慰问记录",
  fund_income: "经费收入记录",
  dues_publication: "公示记录",
};
