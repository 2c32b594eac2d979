/**
 * The tables an ingest loads, parents first. Every statement that locks several of them (an ingest
 * publishing new rows, `report all` holding its inputs still) locks them in this one order, in one LOCK
 * statement, so that no two of them can each hold a table the other waits for.
 */
export const dataTables = [
  'campaign',
  'reward_campaign',
  'reward_transaction',
  'campaign_reward_mapping',
  'http_log',
] as const;

export type DataTable = (typeof dataTables)[number];

/** The four tables of the CSV files, which are replaced together. */
export const csvDataTables = [
  'campaign',
  'reward_campaign',
  'reward_transaction',
  'campaign_reward_mapping',
] as const;

export type CsvDataTable = (typeof csvDataTables)[number];

/** `LOCK TABLE ... IN <mode> MODE` for some of the data tables, in the one order. */
export function lockDataTablesSql(tables: readonly DataTable[], mode: 'SHARE' | 'ACCESS EXCLUSIVE'): string {
  const ordered = dataTables.filter((table) => tables.includes(table));
  return `LOCK TABLE ${ordered.join(', ')} IN ${mode} MODE`;
}
