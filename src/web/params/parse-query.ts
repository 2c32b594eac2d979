import type { z } from 'zod';
import { UsageError } from '../../errors.js';

/**
 * Validates a request's query (or path) parameters at the edge. A failure becomes a UsageError that
 * names the parameter as the URL spells it (displayNames maps schema keys back) and what is wrong with
 * it, which the API answers with 400 and the pages show.
 */
export function parseQuery<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
  displayNames: Readonly<Record<string, string>> = {},
): z.output<Schema> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const name = issue.path.map((part) => displayNames[String(part)] ?? String(part)).join('.');
    return name === '' ? issue.message : `${name}: ${issue.message}`;
  });
  throw new UsageError(problems.join('; '));
}
