//! Chinese labels for the codes the Rust side sends. The tables the Rust side defines (every code
//! list of `src/model/codes.rs`, the roster import fields, `field_label`) are generated into
//! `labels.generated.ts` by `make bindings` and re-exported here; this file keeps only what exists
//! in the UI alone (filters, error hints, choices offered in forms).

import type { ErrorCode, Presence } from "./api";

export * from "./labels.generated";

/** The roster's 在册 / 已离开 / 全部 filter. */
export const PRESENCE: Record<Presence, string> = {
  current: "在册",
  left: "已离开",
  all: "全部",
};

/** A short explanation per error code, shown above the message where it helps. */
export const ERROR_HINT: Record<ErrorCode, string> = {
  invalid_input: "输入有误，未作任何更改。",
  not_found: "要找的记录不存在，可能已被修改。",
  conflict: "操作与台账现状冲突，未作任何更改。",
  newer_version: "这个台账文件由更新版本的程序写入，本程序不能打开。请安装新版本后再打开，文件本身未被改动。",
  unreadable_file: "文件无法读取，请确认选择的文件是否正确。",
  io: "系统拒绝了文件操作，请检查文件是否被其他程序占用、目录是否可写、磁盘是否已满。",
  locked: "台账已设置密码，请输入密码后使用。",
  wrong_password: "密码不正确。请注意大小写和输入法；密码遗失后无法找回，只能用未加密的备份或恢复文件。",
  damaged: "台账文件已损坏。可以在“备份与恢复”中用最近的备份恢复；损坏的文件会另存一份。",
  internal: "这是程序本身的问题，不是您的操作有误。",
};

export const EDUCATION_CHOICES = ["研究生", "大学本科", "大学专科", "中专", "高中", "初中及以下"];
export const DEGREE_CHOICES = ["博士", "硕士", "学士"];

/** `[{ value, label }]` in table order, for selects and radio groups. */
export function options<K extends string>(table: Record<K, string>): { value: K; label: string }[] {
  return (Object.keys(table) as K[]).map((value) => ({ value, label: table[value] }));
}
