/**
 * What a models folder deploys, written once: the `.bpmn` and `.dmn` files of the folder and the
 * `.form` files of its `forms/` sub-folder, each set in name order, as one deployment (decisions
 * and forms go with the processes that use them, so those never miss them). The engine's
 * `ENGINE_DEPLOY_DIR` and the server's start-up deployment read the same files.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface ModelFile {
  /** the file name, which is the resource name of the deployment */
  name: string;
  content: Buffer;
}

/** the folder's model files in deployment order; none when the folder does not exist */
export function readModelsFolder(dir: string): ModelFile[] {
  const filesOf = (folder: string, extensions: string[]) =>
    fs.existsSync(folder)
      ? fs
          .readdirSync(folder)
          .filter((f) => extensions.some((ext) => f.endsWith(ext)))
          .sort()
          .map((name) => ({ name, content: fs.readFileSync(path.join(folder, name)) }))
      : [];
  return [...filesOf(dir, ['.bpmn', '.dmn']), ...filesOf(path.join(dir, 'forms'), ['.form'])];
}
