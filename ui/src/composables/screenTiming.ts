//! The screen benchmark's marks (benches/screens.sh): when the person chooses a screen, the time until
//! every command it started has answered and the result is painted goes to the shell, which writes it
//! only when the benchmark asked for it (ZHIBU_SCREEN_REPORT).

import { nextTick, watch } from "vue";
import { commands, inFlight } from "../api";
import { page } from "../nav";

/** Longest a screen is waited for; one that takes longer is not reported. */
const GIVE_UP_MS = 60_000;
/** How long after its first frame a screen may still start asking the core for its data. */
const QUIET_MS = 300;

export function useScreenTiming() {
  watch(page, (screen) => {
    const started = performance.now();
    let asked = false;
    let done = false;
    const report = (ms: number) => {
      if (done) return;
      done = true;
      stop();
      void commands.screenShown(screen, Math.round(ms));
    };
    const stop = watch(
      inFlight,
      (n) => {
        if (n > 0) asked = true;
        if (performance.now() - started > GIVE_UP_MS) return stop();
        if (!asked || n > 0) return;
        void nextTick(() => requestAnimationFrame(() => report(performance.now() - started)));
      },
      { flush: "post" },
    );
    // A screen that asks the core for nothing (its data is already at hand) is shown at its first frame.
    void nextTick(() =>
      requestAnimationFrame(() => {
        const painted = performance.now() - started;
        setTimeout(() => {
          if (!asked) report(painted);
        }, QUIET_MS);
      }),
    );
  });
}
