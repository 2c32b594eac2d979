import { readFileSync } from 'node:fs';
import avro from 'avsc';
import { avroTypeOptions } from './timestamp-micros.js';

/**
 * The hand-written schemas in schemas/ are the contract: files are written with them, and a file is read
 * only when its writer schema matches them. They are read from the package's schemas folder, which sits
 * beside src/ and dist/ alike.
 */
export interface RecordSchema {
  type: 'record';
  name: string;
  namespace?: string;
  doc?: string;
  fields: { name: string; doc?: string; type: unknown }[];
}

export interface AvroContract {
  /** The schema file's name, for messages. */
  file: string;
  schema: RecordSchema;
  /** The schema as an avsc type with our logical types, so headers keep `logicalType` and docs. */
  type: avro.Type;
}

function loadContract(file: string): AvroContract {
  const schema = JSON.parse(
    readFileSync(new URL(`../../schemas/${file}`, import.meta.url), 'utf8'),
  ) as RecordSchema;
  return Object.freeze({ file, schema, type: avro.Type.forSchema(schema as avro.Schema, avroTypeOptions()) });
}

export const httpLogContract = loadContract('http_log.avsc');
export const sessionContract = loadContract('session.avsc');

/** The full name Avro gives a record: namespace.name, or the name alone when it holds a dot already. */
export function fullName(schema: { name: string; namespace?: string }): string {
  return schema.name.includes('.') || !schema.namespace ? schema.name : `${schema.namespace}.${schema.name}`;
}
