import { describe, expect, it } from "vitest";
import type { BackupInfo } from "./api";
import { backupTime, contentText, sizeText } from "./backups";

function backup(id: string, over: Partial<BackupInfo> = {}): BackupInfo {
  return {
    id,
    path: `/x/备份/${id}`,
    created_at: "2026-12-06 09:30:05",
    kind: "auto",
    kind_label: "自动",
    size_bytes: 1000,
    counts: { organizations: 2, members: 25, meetings: 48, payments: 300, development: 3, attachments: 0 },
    schema_version: 5,
    ledger_file: "ledger.db",
    ledger_id: "L1",
    this_ledger: true,
    attachment_files: 0,
    damaged: null,
    ...over,
  };
}

describe("backups", () => {
  it("shows the local time in Chinese", () => {
    expect(backupTime("2026-12-06 09:30:05")).toBe("2026年12月6日 09:30");
    expect(backupTime("昨天")).toBe("昨天");
  });
  it("shows sizes in units a person reads", () => {
    expect(sizeText(512)).toBe("512 字节");
    expect(sizeText(812 * 1024)).toBe("812 KB");
    expect(sizeText(3.45 * 1024 * 1024)).toBe("3.5 MB");
  });
  it("says what a backup holds, and when it is a damaged copy", () => {
    expect(contentText(backup("a"))).toBe("党员 25 人，组织生活 48 次，党费记录 300 条");
    expect(contentText(backup("b", { damaged: "已损坏", counts: null }))).toContain("已损坏");
  });
});
