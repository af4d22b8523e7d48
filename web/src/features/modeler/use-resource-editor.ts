import { onMounted, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { ElMessage } from 'element-plus';
import { ApiError, errorMessage } from '@/app/api-client';
import { modelerApi } from './modeler.api';
import type { DeployReply } from './types';

/** one deployed version in the editor's "open deployed" list */
export interface DeployedOption {
  key: string;
  /** the form id or DRD id: versions are grouped under it */
  group: string;
  version: number;
  label: string;
}

/** what a resource editor (form-js, dmn-js) does with its content; the composable does the rest */
export interface ResourceEditorAdapter {
  /** the file extension, with its dot: `.form`, `.dmn` */
  extension: string;
  defaultName: string;
  /** puts content into the editor */
  open(content: string): Promise<void>;
  /** reads the editor's content */
  read(): Promise<string>;
  /** a new, empty resource for a file name */
  blank(name: string): string;
  /** the deployed versions to offer, newest first within an id */
  listDeployed(): Promise<DeployedOption[]>;
  /** the source of one deployed version and its resource name */
  readDeployed(key: string): Promise<{ content: string; resourceName?: string; id: string; version: number }>;
  /** the id and version the engine gave this resource in a deployment reply */
  deployedVersion(reply: DeployReply, name: string): { id: string; version: number } | undefined;
}

/**
 * The toolbar logic shared by the form and decision editors: a resource name, its saved draft (or a
 * blank one), a file import, the deployed versions to open, saving a draft and deploying a new
 * version. `busy` names the running action, for the buttons' spinners; `error` is the server's message.
 */
export function useResourceEditor(adapter: ResourceEditorAdapter, init: () => void) {
  const { t } = useI18n();
  const name = ref(adapter.defaultName);
  const busy = ref('');
  const error = ref('');
  const drafts = ref<string[]>([]);
  const deployed = ref<DeployedOption[]>([]);
  /** the deployed version the editor was opened from, shown next to the name */
  const openedFrom = ref<{ id: string; version: number } | null>(null);

  async function run(kind: string, action: () => Promise<void>): Promise<boolean> {
    busy.value = kind;
    error.value = '';
    try {
      await action();
      return true;
    } catch (e) {
      error.value = errorMessage(e);
      return false;
    } finally {
      busy.value = '';
    }
  }

  /** saved drafts of this kind and the deployed versions */
  async function refreshLists(): Promise<void> {
    const [models, versions] = await Promise.all([modelerApi.models().catch(() => null), adapter.listDeployed().catch(() => [])]);
    drafts.value = [...new Set((models?.drafts ?? []).map((d) => d.name).filter((n) => n.endsWith(adapter.extension)))];
    deployed.value = versions;
  }

  /** opens the saved draft of the current name, or a blank resource when there is none yet */
  const load = () =>
    run('load', async () => {
      const draft = await modelerApi.draft(name.value).catch((e) => {
        if (e instanceof ApiError && e.statusCode === 404) return null;
        throw e;
      });
      openedFrom.value = null;
      await adapter.open(draft ? draft.content : adapter.blank(name.value));
    });

  /** opens a deployed version: deploying again makes the next version of the same resource */
  const openDeployed = (key: string) =>
    run('open', async () => {
      const found = await adapter.readDeployed(key);
      await adapter.open(found.content);
      name.value = found.resourceName ?? `${found.id}${adapter.extension}`;
      openedFrom.value = { id: found.id, version: found.version };
    });

  const importContent = (content: string) =>
    run('import', async () => {
      openedFrom.value = null;
      await adapter.open(content);
    });

  const save = () =>
    run('save', async () => {
      await modelerApi.saveDraft(name.value, await adapter.read());
      ElMessage.success(t('app.saved'));
      void refreshLists();
    });

  const deploy = () =>
    run('deploy', async () => {
      const reply = await modelerApi.deploy([{ name: name.value, content: await adapter.read() }]);
      const made = adapter.deployedVersion(reply, name.value);
      ElMessage.success(made ? t('modeler.deployedVersion', made) : t('modeler.deployed'));
      if (made) openedFrom.value = made;
      await refreshLists();
    });

  onMounted(async () => {
    init();
    await Promise.all([load(), refreshLists()]);
  });

  return { name, busy, error, drafts, deployed, openedFrom, load, openDeployed, importContent, save, deploy };
}
