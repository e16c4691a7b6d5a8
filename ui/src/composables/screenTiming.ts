//! The screen benchmark's marks (benches/screens.sh): when the person chooses a screen, the time until
//! every command it started has answered and the result is painted goes to the shell, which writes it
//! only when the benchmark asked for it (ZHIBU_SCREEN_REPORT).

import { nextTick, watch } from "vue";
import { commands, inFlight } from "../api";
import { page } from "../nav";

/** Longest a screen is waited for; one that takes longer is not reported. */
const GIVE_UP_MS = 60_000;

export function useScreenTiming() {
  watch(page, (screen) => {
    const started = performance.now();
    let asked = false;
    const stop = watch(
      inFlight,
      (n) => {
        if (n > 0) asked = true;
        if (performance.now() - started > GIVE_UP_MS) return stop();
        if (!asked || n > 0) return;
        stop();
        void nextTick(() =>
          requestAnimationFrame(() => void commands.screenShown(screen, Math.round(performance.now() - started))),
        );
      },
      { flush: "post" },
    );
  });
}
