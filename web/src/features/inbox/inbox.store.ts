import { defineStore } from 'pinia';
import { reactive, ref } from 'vue';
import { inboxApi, itemsOf } from './inbox.api';
import type { SavedFilter, TaskCounts, TaskItem, TaskQuery } from './types';

/** The inbox: the current query, its page of tasks, the counts per view and the team's saved filters. */
export const useInboxStore = defineStore('inbox', () => {
  const query = reactive<TaskQuery>({ view: 'mine', sort: 'dueDate', order: 'asc', q: '', filterId: '', page: 1, pageSize: 20 });
  const items = ref<TaskItem[]>([]);
  const total = ref(0);
  const counts = ref<TaskCounts>({});
  const filters = ref<SavedFilter[]>([]);
  const loading = ref(false);
  const error = ref('');

  async function load(): Promise<void> {
    loading.value = true;
    error.value = '';
    try {
      const [page, newCounts] = await Promise.all([inboxApi.list({ ...query }), inboxApi.counts()]);
      items.value = page.items;
      total.value = page.total;
      counts.value = newCounts;
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e);
    } finally {
      loading.value = false;
    }
  }

  async function loadFilters(): Promise<void> {
    try {
      filters.value = itemsOf(await inboxApi.filters());
    } catch {
      filters.value = [];
    }
  }

  /** Saves the current view, search and sort; with a team, everyone in that unit sees it. */
  async function saveFilter(name: string, team: string | null): Promise<void> {
    const created = await inboxApi.createFilter({
      name,
      team,
      query: { view: query.view, sort: query.sort, order: query.order, ...(query.q ? { q: query.q } : {}) },
    });
    filters.value = [...filters.value, created];
    query.filterId = created.id;
  }

  async function deleteFilter(id: string): Promise<void> {
    await inboxApi.deleteFilter(id);
    filters.value = filters.value.filter((filter) => filter.id !== id);
    if (query.filterId === id) query.filterId = '';
  }

  return { query, items, total, counts, filters, loading, error, load, loadFilters, saveFilter, deleteFilter };
});
