import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { datasetFileNames, type DatasetFileName } from '../../../src/ingest/dataset-files.js';

/** The project's copy of the real data set, and the Git LFS pointers the official repository holds. */
export const realDataFolder = fileURLToPath(new URL('../../../data/perx/', import.meta.url));
export const realPointerFolder = fileURLToPath(new URL('../../../data/perx/lfs-pointers/', import.meta.url));

export interface RealDataset {
  content: Map<DatasetFileName, Buffer>;
  pointers: Map<DatasetFileName, string>;
  /** Content by sha256 oid, as an LFS server holds it. */
  objects: Map<string, Buffer>;
  oidOf: Map<DatasetFileName, string>;
}

export async function readRealDataset(): Promise<RealDataset> {
  const dataset: RealDataset = {
    content: new Map(),
    pointers: new Map(),
    objects: new Map(),
    oidOf: new Map(),
  };
  const sums = await readFile(`${realDataFolder}SHA256SUMS`, 'utf8');
  for (const name of datasetFileNames) {
    const content = await readFile(`${realDataFolder}${name}`);
    const oid = new RegExp(`^([0-9a-f]{64})  ${name.replace('.', '\\.')}$`, 'm').exec(sums)?.[1];
    if (oid === undefined) throw new Error(`SHA256SUMS lacks ${name}`);
    dataset.content.set(name, content);
    dataset.pointers.set(name, await readFile(`${realPointerFolder}${name}`, 'utf8'));
    dataset.objects.set(oid, content);
    dataset.oidOf.set(name, oid);
  }
  return dataset;
}
