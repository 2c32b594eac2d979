/** Gathers a report's rows for a page or a JSON envelope, whose size the report or a limit bounds. */
export async function collect<Row>(rows: AsyncIterable<Row>): Promise<Row[]> {
  const all: Row[] = [];
  for await (const row of rows) all.push(row);
  return all;
}
