import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import avro from 'avsc';
import { jsonText } from '../output/json-text.js';
import { PerxError, errorMessage } from '../errors.js';
import type { AvroContract } from './schemas.js';

export interface WrittenFile {
  path: string;
  records: number;
  bytes: number;
}

/**
 * Writes records to an Avro object container file: deflate blocks (raw deflate, as the Avro spec
 * defines the codec), the contract's schema in the header.
 *
 * Records are pulled from the source only as fast as the file takes them (a pipeline carries
 * backpressure from the disk back to the database cursor), so memory stays flat whatever the size. The
 * file is written under a temporary name beside the target and renamed when complete, so a failed or
 * interrupted export never leaves a partial file under the target's name.
 */
export async function writeAvroFile(
  path: string,
  contract: AvroContract,
  records: AsyncIterable<object> | Iterable<object>,
): Promise<WrittenFile> {
  const target = resolve(path);
  const temporary = join(
    dirname(target),
    `.${basename(target)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`,
  );
  let count = 0;
  async function* counted(): AsyncGenerator<object> {
    for await (const record of records) {
      count++;
      yield record;
    }
  }
  // The header is written up front, so even an export of no records is a valid (empty) Avro file.
  const encoder = new avro.streams.BlockEncoder(contract.type, { codec: 'deflate', writeHeader: 'always' });
  let invalidRecord: unknown;
  encoder.on('typeError', (_error: unknown, record: unknown) => {
    invalidRecord ??= record;
  });
  try {
    await pipeline(Readable.from(counted()), encoder, createWriteStream(temporary, { flags: 'wx' }));
    await syncToDisk(temporary);
    await rename(temporary, target);
  } catch (error) {
    // The temporary file may never have been created (a missing folder); that must not hide the cause.
    await rm(temporary, { force: true }).catch(() => undefined);
    if (invalidRecord !== undefined) {
      throw new PerxError(
        `cannot write ${path}: a record does not fit ${contract.file}: ${invalidFields(contract, invalidRecord)}`,
        { cause: error },
      );
    }
    throw error instanceof PerxError
      ? error
      : new PerxError(`cannot write ${path}: ${errorMessage(error)}`, { cause: error });
  }
  return { path: target, records: count, bytes: (await stat(target)).size };
}

/** On disk before the file gets the target's name, so a crash cannot leave an empty file there. */
async function syncToDisk(path: string): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Names each field of a rejected record that its type refuses, with the value, e.g. `user_id = null`. */
function invalidFields(contract: AvroContract, record: unknown): string {
  const problems: string[] = [];
  contract.type.isValid(record, {
    errorHook: (path: string[], value: unknown, type: avro.Type) =>
      problems.push(`${path.join('.') || '(record)'} = ${describeValue(value)} is not ${type.typeName}`),
  });
  return problems.length > 0 ? problems.join('; ') : jsonText(record);
}

/** A value as the message shows it; a bigint (an int8 beyond a double's exact range) in its digits. */
function describeValue(value: unknown): string {
  return typeof value === 'bigint' ? String(value) : (jsonText(value) ?? String(value));
}
