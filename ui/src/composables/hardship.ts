//! Taking a member's 困难党员 mark off, asked first: from the 经费与慰问 page's list and from the
//! member's detail on the 花名册, through the one command `markHardship` with no reason.

import { ElMessage, ElMessageBox } from "element-plus";
import { commands, run } from "../api";
import { showError } from "../errors";

/** Asks, then removes the mark; true when it was removed. */
export async function unmarkHardship(memberId: number, name: string): Promise<boolean> {
  try {
    await ElMessageBox.confirm(`取消${name}的困难党员标记？`, "取消标记", {
      type: "warning",
      confirmButtonText: "取消标记",
      cancelButtonText: "返回",
    });
  } catch {
    return false;
  }
  try {
    await run(commands.markHardship(memberId, null));
    ElMessage.success(`已取消${name}的困难党员标记`);
    return true;
  } catch (e) {
    showError(e, "取消标记失败");
    return false;
  }
}
