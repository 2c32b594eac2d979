import { fullName, type RecordSchema } from './schemas.js';

/**
 * Whether a file's writer schema matches ours, and if not, every way it differs.
 *
 * The rule is stricter than Avro's schema resolution on purpose: the record must have our full name and
 * exactly our fields, each with our type, logical type included. Avro would promote an int to a long,
 * read bytes as a string, or fill a missing field from a default; here each of those means a file made
 * for some other purpose, and reading it anyway could load wrong values without a word (a
 * timestamp-millis read as micros is off by a factor of 1000). What may differ is what carries no data:
 * the order of the fields (records are read by field name), docs, aliases and other attributes.
 */
export function schemaDifferences(expected: RecordSchema, actual: unknown): string[] {
  if (!isObject(actual) || actual.type !== 'record') {
    return [`expected a record ${fullName(expected)}, found ${describeType(actual)}`];
  }
  const differences: string[] = [];
  const actualName = typeof actual.name === 'string' ? fullName(actual as { name: string }) : '(none)';
  if (actualName !== fullName(expected)) {
    differences.push(`record name is ${actualName}, expected ${fullName(expected)}`);
  }
  const actualFields = new Map<string, unknown>();
  for (const field of Array.isArray(actual.fields) ? (actual.fields as unknown[]) : []) {
    if (isObject(field) && typeof field.name === 'string') actualFields.set(field.name, field.type);
  }
  for (const field of expected.fields) {
    const expectedType = describeType(field.type);
    if (!actualFields.has(field.name)) {
      differences.push(`field ${field.name} (${expectedType}) is missing`);
      continue;
    }
    const actualType = describeType(actualFields.get(field.name));
    if (actualType !== expectedType) {
      differences.push(`field ${field.name} is ${actualType}, expected ${expectedType}`);
    }
  }
  const expectedNames = new Set(expected.fields.map((field) => field.name));
  for (const [name, type] of actualFields) {
    if (!expectedNames.has(name)) differences.push(`unexpected field ${name} (${describeType(type)})`);
  }
  return differences;
}

/** A type in words, the same for every spelling of it: "long (timestamp-micros)", "array of long". */
export function describeType(type: unknown): string {
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) return `union of [${type.map(describeType).join(', ')}]`;
  if (!isObject(type)) return JSON.stringify(type) ?? String(type);
  const logical = typeof type.logicalType === 'string' ? ` (${type.logicalType})` : '';
  switch (type.type) {
    case 'array':
      return `array of ${describeType(type.items)}${logical}`;
    case 'map':
      return `map of ${describeType(type.values)}${logical}`;
    case 'record':
    case 'enum':
    case 'fixed':
    case 'error':
      return `${type.type} ${typeof type.name === 'string' ? fullName(type as { name: string }) : '(unnamed)'}${logical}`;
    default:
      return `${describeType(type.type)}${logical}`;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
