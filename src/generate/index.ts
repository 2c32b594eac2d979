import { access, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PerxError } from '../errors.js';
import { datasetFiles } from '../ingest/dataset-files.js';
import { buildCatalog } from './catalog.js';
import {
  campaignRewardMappingRows,
  campaignRows,
  csvHeaders,
  rewardCampaignRows,
  rewardTransactionRows,
} from './csv-tables.js';
import { LocalShuffle } from './local-shuffle.js';
import { SeededRandom } from './seeded-random.js';
import type { GenerateSettings } from './settings.js';
import { writeStreamed } from './streamed-file.js';
import { httpLogLines } from './user-activity.js';

export type { GenerateSettings } from './settings.js';

export const checksumFileName = 'SHA256SUMS';

/** Lines shuffled together: in a log of 10M requests over two weeks, about two minutes of traffic. */
const shuffleWindow = 1024;

export interface GeneratedFile {
  readonly name: string;
  /** Data lines, the header not counted. */
  readonly lines: number;
  readonly bytes: number;
  readonly sha256: string;
}

export interface GenerateOptions extends GenerateSettings {
  readonly out: string;
  /** Replace files a previous run left in the folder. */
  readonly overwrite?: boolean;
}

/**
 * Writes a synthetic Perx data set: the five files in the real formats, with foreign keys satisfied, and a
 * SHA256SUMS file in `sha256sum` format. The same settings always give byte-identical files.
 */
export async function generateDataset(options: GenerateOptions): Promise<GeneratedFile[]> {
  const names = [...Object.values(datasetFiles), checksumFileName];
  if (!options.overwrite) {
    for (const name of names) {
      const path = join(options.out, name);
      const exists = await access(path).then(
        () => true,
        () => false,
      );
      if (exists) throw new PerxError(`${path} already exists: choose an empty folder, or pass --force`);
    }
  }
  await mkdir(options.out, { recursive: true });
  // A stale checksum file must not vouch for the files about to be replaced, should this run be cut short.
  await rm(join(options.out, checksumFileName), { force: true });

  const catalog = buildCatalog(options.campaigns, options.seed);
  const files: GeneratedFile[] = [];
  const write = async (name: string, header: string, rows: Iterable<string>): Promise<void> => {
    const shuffled = new LocalShuffle(rows, shuffleWindow, new SeededRandom(options.seed, `shuffle ${name}`));
    const written = await writeStreamed(
      join(options.out, name),
      concat(header === '' ? [] : [header], shuffled),
    );
    files.push({ name, lines: shuffled.lineCount, bytes: written.bytes, sha256: written.sha256 });
  };

  await write(datasetFiles.campaign, csvHeaders.campaign, campaignRows(catalog, options.seed));
  await write(datasetFiles.rewardCampaign, csvHeaders.rewardCampaign, rewardCampaignRows(catalog, options));
  await write(
    datasetFiles.rewardTransaction,
    csvHeaders.rewardTransaction,
    rewardTransactionRows(catalog, options),
  );
  await write(
    datasetFiles.campaignRewardMapping,
    csvHeaders.campaignRewardMapping,
    campaignRewardMappingRows(catalog, options.seed),
  );
  await write(datasetFiles.httpLog, '', httpLogLines(options, catalog));

  // Written last, so an interrupted run leaves no checksum file that vouches for half-written data.
  await writeFile(
    join(options.out, checksumFileName),
    files.map((file) => `${file.sha256}  ${file.name}\n`).join(''),
  );
  return files;
}

function* concat(...parts: Iterable<string>[]): Generator<string> {
  for (const part of parts) yield* part;
}
