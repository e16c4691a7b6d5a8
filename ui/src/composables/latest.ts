//! The stale-reply guard: when requests overlap (typing in a search box, switching the year), only
//! the reply to the latest one may change the screen. `begin()` starts a request and returns a check
//! that stays true only while no later request has begun.

export function useLatest() {
  let seq = 0;
  return {
    begin(): () => boolean {
      const mine = ++seq;
      return () => mine === seq;
    },
    /** Makes every request in flight stale (e.g. a save supersedes a pending check). */
    invalidate() {
      seq++;
    },
  };
}
