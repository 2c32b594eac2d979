import { html } from 'hono/html';
import { dataTable } from './components/data-table.js';
import type { Html } from './html.js';

/** The parts of an OpenAPI document this page reads; the document itself is web/openapi/document.ts. */
type Schema = Record<string, unknown>;
interface Parameter {
  name: string;
  in: string;
  required: boolean;
  description: string;
  schema: Schema;
}
interface Response {
  description: string;
  content?: Record<string, { schema: Schema }>;
}
interface Operation {
  summary: string;
  description?: string;
  parameters?: Parameter[];
  responses: Record<string, Response>;
}
interface Document {
  info: { title: string; version: string; description: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

const componentName = (reference: string) => reference.slice(reference.lastIndexOf('/') + 1);

/** A schema in a few words: its type, or a link to the component it names. */
function typeOf(schema: Schema): Html | string {
  if (typeof schema.$ref === 'string') {
    const name = componentName(schema.$ref);
    return html`<a href="#schema-${name}">${name}</a>`;
  }
  if (Array.isArray(schema.anyOf)) {
    return html`${(schema.anyOf as Schema[]).map((part, index) => html`${index > 0 ? ' or ' : ''}${typeOf(part)}`)}`;
  }
  if (Array.isArray(schema.enum))
    return (schema.enum as unknown[]).map((value) => JSON.stringify(value)).join(' | ');
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.type === 'array') return html`array of ${typeOf((schema.items as Schema | undefined) ?? {})}`;
  if (schema.type === 'object' && schema.properties === undefined) return 'object';
  const format = typeof schema.format === 'string' ? ` (${schema.format})` : '';
  const type = Array.isArray(schema.type) ? schema.type.join(' or ') : schema.type;
  return `${typeof type === 'string' ? type : 'any'}${format}`;
}

/** A parameter's or a field's limits: range, length, pattern. */
function limitsOf(schema: Schema): string {
  const { minLength, pattern, ...range } = schema as {
    minimum?: number;
    maximum?: number;
    minLength?: number;
    pattern?: string;
  };
  // Every whole number of JSON Schema carries the bounds of a double's exact integers: no limit to a reader.
  const bound = (value: number | undefined) =>
    value === undefined || Math.abs(value) === Number.MAX_SAFE_INTEGER ? undefined : value;
  const [minimum, maximum] = [bound(range.minimum), bound(range.maximum)];
  const limits: string[] = [];
  if (minimum !== undefined && maximum !== undefined) limits.push(`${minimum} to ${maximum}`);
  else if (minimum !== undefined) limits.push(`at least ${minimum}`);
  else if (maximum !== undefined) limits.push(`at most ${maximum}`);
  if (minLength !== undefined) limits.push(`at least ${minLength} characters`);
  if (pattern !== undefined) limits.push(`matches ${pattern}`);
  return limits.join('; ');
}

function parametersTable(id: string, parameters: readonly Parameter[]): Html {
  return dataTable({
    id,
    caption: 'Parameters',
    columns: [
      { label: 'Name', rowHeader: true, cell: (parameter) => html`<code>${parameter.name}</code>` },
      { label: 'In', cell: (parameter) => (parameter.required ? `${parameter.in}, required` : parameter.in) },
      { label: 'Type', wrap: true, cell: (parameter) => typeOf(parameter.schema) },
      {
        label: 'Default',
        cell: (parameter) =>
          parameter.schema.default === undefined ? '' : JSON.stringify(parameter.schema.default),
      },
      { label: 'Limits', wrap: true, cell: (parameter) => limitsOf(parameter.schema) },
      { label: 'Meaning', wrap: true, cell: (parameter) => parameter.description },
    ],
    rows: parameters,
  });
}

function responsesTable(id: string, responses: Record<string, Response>): Html {
  return dataTable({
    id,
    caption: 'Responses',
    columns: [
      { label: 'Status', rowHeader: true, cell: ([status]) => status },
      { label: 'Meaning', wrap: true, cell: ([, response]) => response.description },
      {
        label: 'Body',
        wrap: true,
        cell: ([, response]) =>
          html`${Object.entries(response.content ?? {}).map(
            ([media, { schema }]) => html`<div><code>${media}</code>: ${typeOf(schema)}</div>`,
          )}`,
      },
    ],
    rows: Object.entries(responses),
  });
}

function fieldsTable(name: string, schema: Schema): Html {
  const properties = Object.entries((schema.properties as Record<string, Schema> | undefined) ?? {});
  const required = new Set((schema.required as string[] | undefined) ?? []);
  return dataTable({
    id: `fields-${name}`,
    caption: schema.additionalProperties === false ? 'Fields (no others)' : 'Fields',
    columns: [
      { label: 'Field', rowHeader: true, cell: ([field]) => html`<code>${field}</code>` },
      { label: 'Type', wrap: true, cell: ([, field]) => typeOf(field) },
      { label: 'Always there', cell: ([field]) => (required.has(field) ? 'yes' : 'no') },
      {
        label: 'Meaning',
        wrap: true,
        cell: ([, field]) =>
          [typeof field.description === 'string' ? field.description : '', limitsOf(field)]
            .filter(Boolean)
            .join('; '),
      },
    ],
    rows: properties,
  });
}

/** A line of the document's description, with its `code` spans kept as code. */
function withCode(text: string): Html {
  return html`${text.split(/`([^`]*)`/).map((part, index) => (index % 2 === 1 ? html`<code>${part}</code>` : part))}`;
}

/**
 * The OpenAPI document as a page: every operation with its parameters and responses, then every schema
 * with its fields. Server-rendered and escaped like every page; no script.
 */
export function apiDocsPage(openApi: Record<string, unknown>): Html {
  const document = openApi as unknown as Document;
  const [intro = '', ...points] = document.info.description.split('\n').filter((line) => line.trim() !== '');
  const operations = Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({ path, method: method.toUpperCase(), operation })),
  );
  return html`<div class="api-docs">
    <p class="note">
      ${withCode(intro)} The machine-readable document is
      <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI ${String(openApi.openapi)}, version
      ${document.info.version}).
    </p>
    <ul>
      ${points.map((point) => html`<li>${withCode(point.replace(/^- /, ''))}</li>`)}
    </ul>
    <nav aria-label="Endpoints">
      <ul>
        ${operations.map(
          ({ path, method }, index) =>
            html`<li>
              <a href="#operation-${index}"><code>${method} ${path}</code></a>
            </li>`,
        )}
      </ul>
    </nav>
    ${operations.map(
      ({ path, method, operation }, index) =>
        html`<section aria-labelledby="operation-${index}">
          <h2 id="operation-${index}"><code>${method} ${path}</code>: ${operation.summary}</h2>
          ${operation.description ? html`<p>${withCode(operation.description)}</p>` : ''}
          ${operation.parameters?.length ? parametersTable(`parameters-${index}`, operation.parameters) : ''}
          ${responsesTable(`responses-${index}`, operation.responses)}
        </section>`,
    )}
    <h2>Schemas</h2>
    ${Object.entries(document.components.schemas).map(
      ([name, schema]) =>
        html`<section aria-labelledby="schema-${name}">
          <h3 id="schema-${name}">${name}</h3>
          ${typeof schema.description === 'string' ? html`<p>${schema.description}</p>` : ''}
          ${fieldsTable(name, schema)}
        </section>`,
    )}
  </div>`;
}
