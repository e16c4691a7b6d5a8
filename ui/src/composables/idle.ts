//! 空闲锁定: an encrypted ledger locks itself after the idle time the person set (台账安全 settings).
//! Any key, click, wheel or pointer movement counts as activity; when the time passes without one, the
//! window asks the Rust side to close the ledger (the password is needed again) and shows the lock page.

import { onBeforeUnmount, onMounted } from "vue";

const ACTIVITY = ["keydown", "mousedown", "mousemove", "wheel", "touchstart"] as const;

/**
 * Calls `lock` once `minutes()` minutes pass without activity; `minutes()` returning 0 or null turns
 * the lock off (it is read again at every check, so a changed setting applies at once).
 */
export function useIdleLock(minutes: () => number | null, lock: () => void, checkEveryMs = 15_000) {
  let last = Date.now();
  let timer: ReturnType<typeof setInterval> | undefined;
  const touch = () => {
    last = Date.now();
  };
  function check() {
    const m = minutes();
    if (m && m > 0 && Date.now() - last >= m * 60_000) {
      last = Date.now();
      lock();
    }
  }
  onMounted(() => {
    for (const e of ACTIVITY) window.addEventListener(e, touch, { passive: true });
    timer = setInterval(check, checkEveryMs);
  });
  onBeforeUnmount(() => {
    for (const e of ACTIVITY) window.removeEventListener(e, touch);
    if (timer) clearInterval(timer);
  });
  return { touch, check };
}
