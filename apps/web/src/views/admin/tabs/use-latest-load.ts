import { onBeforeUnmount, ref } from 'vue';

/**
 * A tab's loads: only the latest one may show its answer. A load started earlier (a filter changed since, an
 * action's reload, a tab left and opened again) that answers late is dropped, so it never replaces what the
 * coordinator asked for last. `busy` is true while the latest load runs; `current(id)` tells a callback whether its
 * load is still the latest and the tab still open.
 */
export function useLatestLoad() {
  const busy = ref(true);
  let latest = 0;
  let open = true;
  onBeforeUnmount(() => { open = false; });

  const current = (id: number) => open && id === latest;

  /**
   * Runs `load` and hands its answer to `show` if it is still the latest; returns whether it was shown. A `quiet`
   * load (following a change the coordinator waits for) leaves the data on screen and the tab not busy meanwhile.
   */
  async function run<T>(load: () => Promise<T>, show: (value: T) => void, fail: (error: unknown) => void, quiet = false): Promise<boolean> {
    const id = ++latest;
    if (!quiet) busy.value = true;
    try {
      const value = await load();
      if (!current(id)) return false;
      show(value);
      return true;
    } catch (error) {
      if (current(id)) fail(error);
      return false;
    } finally {
      if (current(id)) busy.value = false;
    }
  }

  return { busy, run, isOpen: () => open };
}
