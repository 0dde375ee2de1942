import { computed, reactive, ref, type Ref, watch } from 'vue';

/**
 * True while the page is printed: a printed table shows every row that passes the search and filters, not just the
 * page on screen (defect 8). Chromium fires beforeprint and matches the print media query for print previews too.
 */
const printing = ref(false);
if (typeof window !== 'undefined') {
  window.addEventListener('beforeprint', () => { printing.value = true; });
  window.addEventListener('afterprint', () => { printing.value = false; });
  window.matchMedia?.('print').addEventListener?.('change', (query) => { printing.value = query.matches; });
}

export interface TableSort {
  prop: string | null;
  order: 'ascending' | 'descending' | null;
}

/**
 * A long table's search, filters, sort and paging over rows loaded once: `shown` is the page of the rows that pass
 * `keep` (given the search text, lower-cased) sorted by the column the table asked for (`keyOf` reads its value).
 * Any change of the search or a filter goes back to the first page. Printed, `shown` is every row that passes.
 */
export function useTableView<T>(
  rows: Ref<T[]>,
  keep: (row: T, query: string) => boolean,
  keyOf: (row: T, prop: string) => string | number,
  filters: Ref<unknown>[] = [],
) {
  const search = ref('');
  const sort = reactive<TableSort>({ prop: 'id', order: 'descending' });
  const page = ref(1);
  const size = ref(20);

  const filtered = computed(() => {
    const query = search.value.trim().toLowerCase();
    return rows.value.filter((row) => keep(row, query));
  });
  const sorted = computed(() => {
    const { prop, order } = sort;
    if (!prop || !order) return filtered.value;
    const direction = order === 'ascending' ? 1 : -1;
    return [...filtered.value].sort((a, b) => {
      const [x, y] = [keyOf(a, prop), keyOf(b, prop)];
      return (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), 'zh-CN')) * direction;
    });
  });
  const shown = computed(() => (printing.value ? sorted.value : sorted.value.slice((page.value - 1) * size.value, page.value * size.value)));
  watch([search, ...filters], () => { page.value = 1; });

  function onSort(next: TableSort): void {
    sort.prop = next.prop;
    sort.order = next.order;
    page.value = 1;
  }

  return { search, page, size, filtered, shown, onSort };
}

/** Whether any of the texts holds the (lower-cased) query; an empty query matches everything. */
export function textMatches(query: string, texts: string[]): boolean {
  return !query || texts.some((text) => text.toLowerCase().includes(query));
}
