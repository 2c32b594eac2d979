import { z } from 'zod';
import { PerxError } from '../../errors.js';
import { httpRequest, readBoundedText, type HttpSettings } from './http-client.js';
import type { LfsPointer } from './lfs-pointer.js';
import { maskCredentials } from '../../config/credentials.js';

/** The media type the Git LFS batch API speaks, in both directions. */
const lfsMediaType = 'application/vnd.git-lfs+json';
const batchAnswerLimit = 4 * 1024 * 1024;

const httpUrl = z.string().refine((value) => /^https?:\/\//i.test(value) && URL.canParse(value), {
  error: 'must be an http(s) URL',
});

/** The part of the batch API's answer a download uses; see git-lfs docs/api/batch.md. */
const batchAnswerSchema = z.object({
  transfer: z.string().optional(),
  objects: z.array(
    z.object({
      oid: z.string(),
      actions: z
        .object({
          download: z
            .object({ href: httpUrl, header: z.record(z.string(), z.string()).optional() })
            .optional(),
        })
        .optional(),
      error: z.object({ code: z.number(), message: z.string() }).optional(),
    }),
  ),
});

/** Where to GET an object, with the headers the server asked for (often a short-lived token). */
export interface LfsDownload {
  href: string;
  header: Record<string, string>;
}

/** The server's answer for one object: a download, or its reason for not giving one. */
export type LfsBatchAnswer = { download: LfsDownload } | { error: string };

/**
 * Asks an LFS server where to download objects: POST `<endpoint>/objects/batch` with the basic transfer.
 * `endpoint` is the LFS URL of a repository, `https://host/owner/repo.git/info/lfs` by convention.
 */
export async function requestLfsDownloads(
  endpoint: string,
  objects: readonly LfsPointer[],
  settings: HttpSettings,
): Promise<Map<string, LfsBatchAnswer>> {
  const batchUrl = `${endpoint.replace(/\/+$/, '')}/objects/batch`;
  const { chunks } = await httpRequest(
    batchUrl,
    {
      method: 'POST',
      headers: { accept: lfsMediaType, 'content-type': lfsMediaType },
      body: JSON.stringify({
        operation: 'download',
        transfers: ['basic'],
        objects: objects.map(({ oid, size }) => ({ oid, size })),
      }),
    },
    settings,
  );
  const shown = `the Git LFS batch API at ${maskCredentials(batchUrl)}`;
  let body: unknown;
  try {
    body = JSON.parse(await readBoundedText(chunks, batchAnswerLimit));
  } catch (error) {
    throw new PerxError(`${shown} did not answer with JSON: ${(error as Error).message}`, { cause: error });
  }
  const parsed = batchAnswerSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PerxError(
      `${shown} gave an answer this client cannot read: ${issue?.path.join('.')} ${issue?.message}`,
    );
  }
  if (parsed.data.transfer !== undefined && parsed.data.transfer !== 'basic') {
    throw new PerxError(`${shown} chose the ${parsed.data.transfer} transfer; only basic is supported`);
  }

  const answers = new Map<string, LfsBatchAnswer>();
  for (const object of parsed.data.objects) {
    if (object.error) {
      answers.set(object.oid, { error: `error ${object.error.code}: ${object.error.message}` });
    } else if (object.actions?.download) {
      const { href, header = {} } = object.actions.download;
      answers.set(object.oid, { download: { href, header } });
    } else {
      answers.set(object.oid, { error: 'the server gave no download action' });
    }
  }
  for (const { oid } of objects) {
    if (!answers.has(oid)) answers.set(oid, { error: 'the server left the object out of its answer' });
  }
  return answers;
}
