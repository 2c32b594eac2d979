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
  strict: boolean;
  startedAt: Date;
  finishedAt: Date;
  /** One entry per data set file, in load order. */
  files: FileReconciliation[];
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
