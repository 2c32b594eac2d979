/** Report rows out of the process: table, CSV (RFC 4180), JSON and NDJSON, streamed. */
export { csvChunks, csvField, csvRecord } from './csv.js';
export { jsonChunks } from './json.js';
export { jsonText } from './json-text.js';
export { ndjsonChunks } from './ndjson.js';
export { tableCellWidth, tableChunks, tableSampleRows, type TableOptions } from './table.js';
export { columnValue, jsonValue, pickColumns, textValue, type OutputRow, type RowSource } from './values.js';
export { isoInZone, zonedTime, type ZonedTime } from './zoned-time.js';
export { formatRows, outputFormats, outputMediaTypes, writeRows, type OutputFormat } from './write-rows.js';
