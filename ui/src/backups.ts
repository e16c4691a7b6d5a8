//! How the 备份与恢复 and recovery pages show a backup: its local time in Chinese, its size, what it holds.

import type { BackupInfo } from "./api";

/** `2026-12-06 09:30:05` (local time, as backups are named) → `2026年12月6日 09:30`; anything else as it is. */
export function backupTime(stamp: string | null | undefined): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})/.exec(stamp ?? "");
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日 ${m[4]}:${m[5]}` : (stamp ?? "");
}

/** Bytes as a person reads them: `812 KB`, `3.4 MB`, `1.2 GB`. */
export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} 字节`;
  const units = ["KB", "MB", "GB"];
  let v = bytes / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i += 1;
  }
  return `${v >= 100 || i === 0 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
}

/** `党员 25 人，组织生活 48 次，附件 3 个`; a damaged copy says so. */
export function contentText(b: BackupInfo): string {
  if (b.damaged || !b.counts) return "已损坏的台账（原样保留）";
  const c = b.counts;
  const parts = [`党员 ${c.members} 人`, `组织生活 ${c.meetings} 次`, `党费记录 ${c.payments} 条`];
  if (c.attachments) parts.push(`附件 ${c.attachments} 个`);
  return parts.join("，");
}
