//! The form of a 公示 record (党费收缴使用情况 on 党费, 经费使用情况 too on 经费与慰问): the periods of the
//! year one may publish for, and the form's defaults — this quarter (the year when another year is
//! shown), today, 支部公示栏张贴 — set again whenever the organisation or the year changes. A record
//! made by mistake is deleted into the 回收站 (`remove`), where it can be restored.

import { computed, ref, watch } from "vue";
import { ElMessage, ElMessageBox } from "element-plus";
import { commands, run, type DuesPublication } from "../api";
import { showError } from "../errors";
import { today } from "../ledger";
import { dayText } from "../time";

export function usePublicationForm(props: { orgId: number | null; year: number }, reload: () => Promise<void>) {
  const period = ref("");
  const publishedOn = ref<string | null>(null);
  const how = ref("支部公示栏张贴");
  const periods = computed(() => {
    const y = props.year;
    return [
      { value: `${y}-Q1`, label: `${y}年第一季度` },
      { value: `${y}-Q2`, label: `${y}年第二季度` },
      { value: `${y}-H1`, label: `${y}年上半年` },
      { value: `${y}-Q3`, label: `${y}年第三季度` },
      { value: `${y}-Q4`, label: `${y}年第四季度` },
      { value: `${y}-H2`, label: `${y}年下半年` },
      { value: `${y}`, label: `${y}年全年` },
    ];
  });
  watch(
    () => [props.orgId, props.year],
    () => {
      const t = today.value;
      const q = Math.ceil(Number(t.slice(5, 7)) / 3);
      period.value = Number(t.slice(0, 4)) === props.year ? `${props.year}-Q${q}` : `${props.year}`;
      publishedOn.value = t;
      void reload();
    },
    { immediate: true },
  );
  /** Asks, then moves the publication into the recycle bin and reads the list again. */
  async function remove(p: DuesPublication) {
    try {
      await ElMessageBox.confirm(
        `删除${dayText(p.published_on)}的${p.period_label}${p.subject_label}公示记录？删除后可在回收站恢复。`,
        "删除公示记录",
        { type: "warning", confirmButtonText: "删除", cancelButtonText: "取消" },
      );
    } catch {
      return;
    }
    try {
      await run(commands.deleteFundsPublication(p.id));
      ElMessage.success("已删除公示记录，可在回收站恢复");
      await reload();
    } catch (e) {
      showError(e, "删除公示记录失败");
    }
  }
  return { period, publishedOn, how, periods, remove };
}
