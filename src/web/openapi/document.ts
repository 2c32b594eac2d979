import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Config } from '../../config/config.js';
import { outputMediaTypes } from '../../output/index.js';
import { overrideFixed, type JsonSchema } from './json-schema.js';
import { queryParameterObjects, timelinePathParameters, type ParameterObject } from './parameters.js';
import { operations, type Operation } from './operations.js';
import { registry } from './response-schemas.js';

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
const mediaType = (format: 'csv' | 'ndjson') => outputMediaTypes[format].split(';')[0] ?? format;

const json = (schema: JsonSchema) => ({ 'application/json': { schema } });
const errorResponse = (description: string) => ({ description, content: json(ref('Error')) });

function fileContent(row: string): Record<string, unknown> {
  return {
    [mediaType('csv')]: {
      schema: {
        type: 'string',
        description: `format=csv: RFC 4180 CSV, a header row of the fields of ${row}, then one record per row.`,
      },
    },
    [mediaType('ndjson')]: {
      schema: { type: 'string', description: `format=ndjson: one ${row} JSON object per line.` },
    },
  };
}

function responses(operation: Operation): Record<string, unknown> {
  const answers: Record<string, unknown> = {
    200: {
      description: operation.downloadRow
        ? 'Without format, one page as JSON; with format=csv or format=ndjson, every matching row (narrowed by limit and offset only when given) as a file, Content-Disposition: attachment. HEAD answers the headers without running the query.'
        : 'The answer.',
      content: {
        ...json(ref(operation.answer)),
        ...(operation.downloadRow ? fileContent(operation.downloadRow) : {}),
      },
    },
  };
  if (operation.computes) {
    answers[202] = {
      description:
        'The sessions of this gap are being computed (once, for every request that needs them); ask again after Retry-After seconds.',
      headers: { 'Retry-After': { description: 'Seconds to wait.', schema: { type: 'integer' } } },
      content: json(ref('Computing')),
    };
  }
  answers[400] = errorResponse('A parameter is unknown, given twice or invalid; the message names it.');
  if (operation.notFound) answers[404] = errorResponse(operation.notFound);
  answers[500] = errorResponse('The server failed; the reason is in its log, not in the answer.');
  if (operation.computes) {
    answers[503] = errorResponse(
      'The computation of the sessions of this gap failed (it ran past its time limit).',
    );
  }
  return answers;
}

function pathParameters(operation: Operation): ParameterObject[] {
  return operation.path.includes('{') ? timelinePathParameters(operation.path) : [];
}

/** The component schemas, generated from the zod schemas of the answers (response-schemas.ts). */
function componentSchemas(): Record<string, JsonSchema> {
  const { schemas } = z.toJSONSchema(registry, {
    uri: (id) => `#/components/schemas/${id}`,
    unrepresentable: 'any',
    override: overrideFixed,
  }) as { schemas: Record<string, JsonSchema> };
  return Object.fromEntries(
    Object.entries(schemas).map(([id, { $schema: _schema, $id: _id, ...schema }]) => [id, schema]),
  );
}

const packageVersion = (
  JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

const description = `The JSON API of the perx dashboard, with the parameters and validation of the \`perx\` CLI.

- Every listing answers one page as JSON: \`{params, source, total, limit, offset, rows}\`. \`params\` are the parameters as understood, by the names a request gives them; \`source\` says where the rows came from; \`total\` counts every matching row.
- \`format=csv\` or \`format=ndjson\` downloads every matching row instead, byte for byte what \`perx report ... --format\` writes. \`format=json\` is refused (400): the JSON answer is the page.
- A bad parameter (unknown, given twice, out of range) answers 400 \`{"error": "..."}\` naming it.
- Another method on a known path answers 405 with an \`Allow\` header (and \`{"error": "..."}\` under /api/).`;

/** The OpenAPI 3.1 document of the API, for this server's configuration (tz defaults to its PERX_TZ). */
export function openApiDocument(config: Pick<Config, 'timeZone'>): Record<string, unknown> {
  const defaults = { tz: config.timeZone };
  const paths: Record<string, unknown> = {};
  for (const operation of operations) {
    paths[operation.path] = {
      get: {
        operationId: operationId(operation.path),
        summary: operation.summary,
        description: operation.description,
        parameters: [
          ...pathParameters(operation),
          ...queryParameterObjects(operation.path, operation.query, defaults),
        ],
        responses: responses(operation),
      },
    };
  }
  paths['/healthz'] = {
    get: {
      operationId: 'health',
      summary: 'Liveness, the database included',
      description: 'For a load balancer: 200 while the server and its database answer.',
      responses: {
        200: { description: 'Alive.', content: json(ref('Health')) },
        503: { description: 'The database does not answer.', content: json(ref('Unavailable')) },
      },
    },
  };
  paths['/api/openapi.json'] = {
    get: {
      operationId: 'openapi',
      summary: 'This document',
      responses: { 200: { description: 'The OpenAPI 3.1 document.', content: json({ type: 'object' }) } },
    },
  };
  paths['/api/docs'] = {
    get: {
      operationId: 'docs',
      summary: 'This document as a page',
      responses: { 200: { description: 'HTML.', content: { 'text/html': { schema: { type: 'string' } } } } },
    },
  };
  return {
    openapi: '3.1.0',
    info: { title: 'perx analytics API', version: packageVersion, description },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    paths,
    components: {
      schemas: componentSchemas(),
      responses: {
        MethodNotAllowed: {
          description: 'The path is known but not with this method.',
          headers: {
            Allow: { description: 'The methods the path takes.', schema: { type: 'string' } },
          },
          content: json(ref('Error')),
        },
      },
    },
  };
}

function operationId(path: string): string {
  const words = path
    .replace(/^\/api\//, '')
    .split(/[/{}_]+/)
    .filter(Boolean);
  return words.map((word, index) => (index === 0 ? word : word[0]?.toUpperCase() + word.slice(1))).join('');
}
