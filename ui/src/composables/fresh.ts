//! A page kept alive (KeepAlive) shows what it read when it last loaded. `useFreshOnReturn` loads the
//! page when it is first shown, and again when the person comes back to it and the ledger has changed
//! meanwhile (a meeting recorded, a payment entered on another screen) — and only then: the Rust side
//! counts committed changes (`ledger_revision`), so an unchanged large ledger is not re-read per visit.

import { onActivated, onMounted } from "vue";
import { commands, run } from "../api";

async function currentRevision(): Promise<number | null> {
  try {
    return await run(commands.ledgerRevision());
  } catch {
    return null;
  }
}

/** Returns `load`: read the page's data now (for watchers of the page's own choices). */
export function useFreshOnReturn(reload: () => Promise<unknown>) {
  let seen: number | null = null;

  async function load() {
    seen = await currentRevision();
    await reload();
  }

  onMounted(() => void load());
  onActivated(async () => {
    if (seen === null) return; // the first load is still reading, or the revision is unknown
    const now = await currentRevision();
    if (now !== null && now !== seen) await load();
  });

  return load;
}
