import { UsageError } from '../../errors.js';

/**
 * The query string of one request as single values, refusing what a report would otherwise silently
 * ignore: a parameter it does not know (a typo such as `drivn`) or one given twice with different
 * meanings in mind (`limit=10&limit=5000`).
 */
export function requestQuery(
  queries: Record<string, string[]>,
  allowed: readonly string[],
): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [name, values] of Object.entries(queries)) {
    if (!allowed.includes(name)) {
      throw new UsageError(`unknown parameter "${name}": expected ${allowed.join(', ')}`);
    }
    if (values.length > 1) throw new UsageError(`${name}: given ${values.length} times, expected once`);
    query[name] = values[0] ?? '';
  }
  return query;
}
