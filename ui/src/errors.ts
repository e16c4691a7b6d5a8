//! Showing a failed command to the person: the message in a toast, and its problems (if any) in a
//! dialog listing each one. Forms that place problems under fields don't use this.

import { ElMessage, ElMessageBox } from "element-plus";
import { h } from "vue";
import { problemText, toPayload } from "./api";

export function showError(e: unknown, what?: string) {
  const p = toPayload(e);
  const title = what ? `${what}：${p.message}` : p.message;
  if (p.problems.length === 0) {
    ElMessage({ type: "error", message: title, showClose: true, duration: 6000, grouping: true });
    return;
  }
  void ElMessageBox.alert(
    h("div", [
      h("p", title),
      h(
        "ul",
        { class: "problem-list" },
        p.problems.map((pr) => h("li", problemText(pr))),
      ),
    ]),
    what ?? "操作未完成",
    { type: "error", confirmButtonText: "知道了" },
  ).catch(() => undefined);
}
