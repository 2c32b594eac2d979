/**
 * What a parser makes of one input line: a typed row, or a Reject saying why the line cannot be loaded.
 * Every non-blank line becomes exactly one of the two, which is what makes the reconciliation add up.
 */
export class Reject {
  constructor(
    /** The data set file name, as ingest_reject.file records it (campaign.csv, http_log.txt). */
    readonly file: string,
    /** 1-based line of the file (for a record spanning lines, its first line; in Avro, the record number). */
    readonly line: number,
    /** The line as written, without its line break. */
    readonly raw: string,
    readonly reason: string,
  ) {}
}

/** A parser's output: rows of type Row, with Rejects in between. */
export type Parsed<Row> = Row | Reject;

export function isReject(parsed: unknown): parsed is Reject {
  return parsed instanceof Reject;
}

/**
 * The bytes of one data file as the loader hands them to a parser. The loader computes the file's sha256
 * and size from `chunks`, so a parser reads its bytes from there and not from `path`.
 */
export interface DataFileInput {
  /** The data set file name: campaign.csv, http_log.txt, ... */
  name: string;
  /** Where the file lives, for messages. */
  path: string;
  chunks: AsyncIterable<Buffer>;
}
