import { defineStore } from 'pinia';
import { reactive, ref } from 'vue';
import { errorMessage } from '@/app/api-client';
import { casesApi, caseOf, type CaseQuery } from './cases.api';
import type { CaseRecord, NewCase } from './types';

/** The case list and its query; the case page loads its own record through `casesApi`. */
export const useCasesStore = defineStore('cases', () => {
  const query = reactive<CaseQuery>({ q: '', stage: '', team: '', status: '', page: 1, pageSize: 20 });
  const items = ref<CaseRecord[]>([]);
  const total = ref(0);
  const loading = ref(false);
  const error = ref('');

  async function load(): Promise<void> {
    loading.value = true;
    error.value = '';
    try {
      const page = await casesApi.list({ ...query });
      items.value = page.items;
      total.value = page.total;
    } catch (e) {
      error.value = errorMessage(e);
    } finally {
      loading.value = false;
    }
  }

  async function register(body: NewCase): Promise<CaseRecord> {
    const created = caseOf(await casesApi.create(body));
    void load();
    return created;
  }

  return { query, items, total, loading, error, load, register };
});
