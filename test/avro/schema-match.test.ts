import { describe, expect, it } from 'vitest';
import { describeType, schemaDifferences } from '../../src/avro/schema-match.js';
import { httpLogContract, sessionContract } from '../../src/avro/schemas.js';

const ours = httpLogContract.schema;
const withFields = (
  fields: { name: string; type: unknown }[],
  name = 'HttpRequest',
  namespace = 'perx.analytics',
) => ({
  type: 'record',
  name,
  namespace,
  fields,
});
const timestampMicros = { type: 'long', logicalType: 'timestamp-micros' };
const ourFields = [
  { name: 'timestamp', type: timestampMicros },
  { name: 'http_method', type: 'string' },
  { name: 'http_path', type: 'string' },
  { name: 'user_id', type: 'string' },
];

describe('writer schema check', () => {
  it('accepts our own schemas, as written and as avsc writes them into a header', () => {
    expect(schemaDifferences(ours, ours)).toEqual([]);
    expect(schemaDifferences(ours, httpLogContract.type.schema({ exportAttrs: true }))).toEqual([]);
    expect(
      schemaDifferences(sessionContract.schema, sessionContract.type.schema({ exportAttrs: true })),
    ).toEqual([]);
  });

  it('ignores what carries no data: field order, docs, aliases, the full name spelled in one piece', () => {
    const reordered = [...ourFields]
      .reverse()
      .map((field) => ({ ...field, doc: 'other words', aliases: ['x'] }));
    expect(schemaDifferences(ours, { ...withFields(reordered), doc: 'other', aliases: ['y'] })).toEqual([]);
    expect(
      schemaDifferences(ours, { type: 'record', name: 'perx.analytics.HttpRequest', fields: ourFields }),
    ).toEqual([]);
    expect(
      schemaDifferences(
        ours,
        withFields([
          { name: 'timestamp', type: timestampMicros },
          ...ourFields.slice(1).map((f) => ({ ...f, type: { type: 'string' } })),
        ]),
      ),
    ).toEqual([]);
  });

  it('names every field that is missing, extra or of another type', () => {
    const fields = [
      { name: 'timestamp', type: { type: 'long', logicalType: 'timestamp-millis' } },
      { name: 'http_method', type: 'string' },
      { name: 'http_path', type: ['null', 'string'] },
      { name: 'source_line', type: 'long' },
    ];
    expect(schemaDifferences(ours, withFields(fields))).toEqual([
      'field timestamp is long (timestamp-millis), expected long (timestamp-micros)',
      'field http_path is union of [null, string], expected string',
      'field user_id (string) is missing',
      'unexpected field source_line (long)',
    ]);
  });

  it('refuses a timestamp without its logical type, or typed as a string', () => {
    const asLong = withFields([{ name: 'timestamp', type: 'long' }, ...ourFields.slice(1)]);
    expect(schemaDifferences(ours, asLong)).toEqual([
      'field timestamp is long, expected long (timestamp-micros)',
    ]);
    const asString = withFields([{ name: 'timestamp', type: 'string' }, ...ourFields.slice(1)]);
    expect(schemaDifferences(ours, asString)).toEqual([
      'field timestamp is string, expected long (timestamp-micros)',
    ]);
  });

  it('refuses another record name or namespace', () => {
    expect(schemaDifferences(ours, withFields(ourFields, 'Request'))).toEqual([
      'record name is perx.analytics.Request, expected perx.analytics.HttpRequest',
    ]);
    expect(schemaDifferences(ours, withFields(ourFields, 'HttpRequest', 'com.example'))).toEqual([
      'record name is com.example.HttpRequest, expected perx.analytics.HttpRequest',
    ]);
    expect(schemaDifferences(ours, { type: 'record', name: 'HttpRequest', fields: ourFields })).toEqual([
      'record name is HttpRequest, expected perx.analytics.HttpRequest',
    ]);
  });

  it('refuses a schema that is not a record', () => {
    expect(schemaDifferences(ours, 'string')).toEqual([
      'expected a record perx.analytics.HttpRequest, found string',
    ]);
    expect(schemaDifferences(ours, { type: 'array', items: 'long' })).toEqual([
      'expected a record perx.analytics.HttpRequest, found array of long',
    ]);
    expect(schemaDifferences(ours, null)).toEqual([
      'expected a record perx.analytics.HttpRequest, found null',
    ]);
  });

  it('checks array item types of the session schema', () => {
    const sessionFields = sessionContract.schema.fields.map((field) =>
      field.name === 'campaigns' ? { ...field, type: { type: 'array', items: 'int' } } : field,
    );
    expect(
      schemaDifferences(sessionContract.schema, { ...sessionContract.schema, fields: sessionFields }),
    ).toEqual(['field campaigns is array of int, expected array of long']);
  });

  it('describes types in words', () => {
    expect(describeType({ type: 'map', values: { type: 'array', items: 'string' } })).toBe(
      'map of array of string',
    );
    expect(describeType({ type: 'enum', name: 'Method', namespace: 'x', symbols: ['GET'] })).toBe(
      'enum x.Method',
    );
    expect(describeType({ type: 'fixed', name: 'Id', size: 16, logicalType: 'uuid' })).toBe(
      'fixed Id (uuid)',
    );
  });
});
