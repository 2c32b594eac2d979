export { writeAvroFile, type WrittenFile } from './container-writer.js';
export { readAvroFile, readAvroRecords, type AvroRecord } from './container-reader.js';
export { exportHttpLogAvro } from './http-log-export.js';
export { httpLogContract, sessionContract, type AvroContract, type RecordSchema } from './schemas.js';
export { schemaDifferences } from './schema-match.js';
export { TimestampMicros, formatEpochMicros } from './timestamp-micros.js';
export { exportSessionsAvro } from './session-export.js';
