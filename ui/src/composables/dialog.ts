//! `v-model` for a dialog or drawer component: the parent owns the open state (`modelValue`); the
//! component reads and writes it through one computed, so closing from inside tells the parent.

import { computed, type WritableComputedRef } from "vue";

export function useDialogVisible(
  props: { modelValue: boolean },
  emit: (event: "update:modelValue", value: boolean) => void,
): WritableComputedRef<boolean> {
  return computed({
    get: () => props.modelValue,
    set: (v: boolean) => emit("update:modelValue", v),
  });
}
