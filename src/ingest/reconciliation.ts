import type { DataTable } from '../db/data-tables.js';

/** A data table's rows before an ingest and after it (what the reconciliation shows). */
export interface TableChange {
  table: DataTable;
  before: number;
  after: number;
}

/**
 * What an ingest did with each file: every non-blank line (a CSV record spanning lines counts once) is
 * loaded or rejected, so loaded + rejected = lines. Duplicates are loaded mapping lines whose pair was
 * already listed: stored once, counted as loaded, not rejected.
 */
export interface FileReconciliation {
  /** The data set file name: campaign.csv, ..., http_log.txt. */
  file: string;
  lines: number;
  loaded: number;
  rejected: number;
  duplicates: number;
  bytes: number;
  sha256: string;
}

export interface IngestSummary {
  /** The ingest_run row of this ingest. */
  runId: number;
  /** The source as recorded in ingest_run.source. */
  source: string;
  /** The local folder the files were read from. */
  folder: string;
  /** 'replace': the data set replaced the data loaded before; 'append': new log files were added to it. */
  mode: 'replace' | 'append';
  strict: boolean;
  startedAt: Date;
  finishedAt: Date;
  /** Whether the four CSV tables were replaced: always by a replace, by an append when they changed. */
  tablesReplaced: boolean;
  /** False for an append that found nothing new: the data, its "as of" time and the reports stay as they were. */
  changedData: boolean;
  /** One entry per file loaded, in load order. */
  files: FileReconciliation[];
  /** Files of the source that were not loaded, and why. */
  skipped: SkippedFile[];
  /** Each data table's rows before the ingest and after it. */
  tables: TableChange[];
}

/**
 * A file of the source that an ingest left out: a log file whose content is loaded already ('already
 * loaded': the same content is never loaded twice), or, when appending, a CSV file identical to the
 * loaded one ('unchanged').
 */
export interface SkippedFile {
  file: string;
  bytes: number;
  sha256: string;
  reason: 'already loaded' | 'unchanged';
  /** The name the content was loaded under. */
  loadedAs: string;
  /** The ingest run that loaded it; undefined for an unchanged CSV file. */
  loadedBy: number | undefined;
}

/** Progress of the file being read: reported as its bytes stream in, and once more when it is done. */
export interface IngestProgress {
  file: string;
  bytes: number;
  totalBytes: number;
  /** Lines (records) parsed so far. */
  lines: number;
  done: boolean;
}
