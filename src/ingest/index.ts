/** The ingest: a Perx data set from a folder, git repository or https URL into the database. */
export { ingest, type IngestOptions } from './load.js';
export {
  ingestChangesSince,
  newRequestsSince,
  type IngestChanges,
  type IngestRunReference,
  type NewRequestSpan,
} from './new-requests.js';
export type { FileReconciliation, IngestProgress, IngestSummary, SkippedFile } from './reconciliation.js';
export type { LossLimits, TableChange } from './table-changes.js';
export { firstRejects, type IngestRejectRow } from './ingest-rejects.js';
export { httpLogFormats, type HttpLogFormat, type HttpLogReader } from './http-log-formats.js';
export {
  httpLogRequest,
  parseHttpLogLine,
  readHttpLogText,
  type HttpLogRequest,
} from './parsers/http-log.js';
export { parseCsvTable, type CsvTable, type CsvSourceLine } from './parsers/csv-table.js';
export type {
  Campaign,
  CampaignRewardMapping,
  RewardCampaign,
  RewardTransaction,
} from './parsers/csv-tables.js';
export { Reject, isReject, type DataFileInput, type Parsed } from './parsers/parsed-line.js';
export { parseTimestamp, Timestamp } from './parsers/timestamp.js';
export { FieldError } from './parsers/field-error.js';
