import { readFile } from 'node:fs/promises';
import type { Database } from '../db/database.js';

/**
 * A report's SQL with named parameters (`:from_local`, as psql writes them) turned into positional ones
 * ($1, $2, ...), which both engines bind. Names read better than numbers in a query of twenty lines, and
 * the same name used twice binds one value.
 */
export interface NamedSql {
  /** Where the text came from, for error messages. */
  readonly origin: string;
  /** The SQL as written, with its :names, so other statements can embed it (INSERT ... SELECT). */
  readonly source: string;
  /** The SQL with $1, $2, ... in place of the names. */
  readonly text: string;
  /** Parameter names in positional order. */
  readonly names: readonly string[];
  /** The positional values for a set of named values; every name must be given, and nothing else. */
  bind(values: Readonly<Record<string, unknown>>): unknown[];
}

const nameStart = /[A-Za-z_]/;
const namePart = /[A-Za-z0-9_]/;

/** Returns the index just past a quoted run that starts at `start` and ends with `quote`. */
function skipQuoted(sql: string, start: number, quote: string): number {
  let index = start + 1;
  while (index < sql.length) {
    if (sql[index] === quote) {
      // A doubled quote is an escaped quote inside the run.
      if (sql[index + 1] === quote) index += 2;
      else return index + 1;
    } else index++;
  }
  return index;
}

function skipBlockComment(sql: string, start: number): number {
  let depth = 0;
  let index = start;
  while (index < sql.length) {
    if (sql.startsWith('/*', index)) {
      depth++;
      index += 2;
    } else if (sql.startsWith('*/', index)) {
      depth--;
      index += 2;
      if (depth === 0) return index;
    } else index++;
  }
  return index;
}

/**
 * Replaces each `:name` outside string literals, quoted identifiers, comments and dollar quotes with its
 * position. `::type` casts are left alone.
 */
export function compileNamedSql(source: string, origin = 'inline SQL'): NamedSql {
  const names: string[] = [];
  let text = '';
  let index = 0;
  while (index < source.length) {
    const char = source[index] ?? '';
    let end = index + 1;
    if (char === "'" || char === '"') end = skipQuoted(source, index, char);
    else if (source.startsWith('--', index)) {
      const newline = source.indexOf('\n', index);
      end = newline === -1 ? source.length : newline;
    } else if (source.startsWith('/*', index)) end = skipBlockComment(source, index);
    else if (char === '$') {
      const tag = /^\$[A-Za-z_]*\$/.exec(source.slice(index))?.[0];
      if (tag) {
        const close = source.indexOf(tag, index + tag.length);
        end = close === -1 ? source.length : close + tag.length;
      }
    } else if (char === ':' && source[index + 1] === ':') end = index + 2;
    else if (char === ':' && nameStart.test(source[index + 1] ?? '')) {
      end = index + 2;
      while (end < source.length && namePart.test(source[end] ?? '')) end++;
      const name = source.slice(index + 1, end);
      let position = names.indexOf(name);
      if (position === -1) position = names.push(name) - 1;
      text += `$${position + 1}`;
      index = end;
      continue;
    }
    text += source.slice(index, end);
    index = end;
  }
  return {
    origin,
    source,
    text,
    names,
    bind(values) {
      const unknown = Object.keys(values).filter((name) => !names.includes(name));
      if (unknown.length > 0)
        throw new Error(`${origin} has no parameter ${unknown.map((n) => `:${n}`).join(', ')}`);
      return names.map((name) => {
        if (!(name in values)) throw new Error(`${origin} needs a value for :${name}`);
        return values[name] ?? null;
      });
    },
  };
}

/** A line `#include other-file.sql`: that file of this folder goes in its place. */
const includeLine = /^#include ([a-z0-9-]+\.sql)[ \t]*$/gm;

/**
 * The text of one .sql file of this folder with its includes expanded, so that steps several statements
 * share (session-steps.sql) are written once. An include inside an include is expanded too; a file that
 * includes itself, directly or not, is refused.
 */
export async function readReportSource(fileName: string, including: readonly string[] = []): Promise<string> {
  if (including.includes(fileName)) {
    throw new Error(`${[...including, fileName].join(' includes ')}: an include cycle`);
  }
  const source = await readFile(new URL(`./${fileName}`, import.meta.url), 'utf8');
  const included = new Map<string, string>();
  for (const [, name = ''] of source.matchAll(includeLine)) {
    if (!included.has(name)) included.set(name, await readReportSource(name, [...including, fileName]));
  }
  return source.replace(includeLine, (_line, name: string) => (included.get(name) ?? '').trimEnd());
}

/**
 * On Citus, a statement runs on the shards only when the planner can inline its CTEs into one query
 * whose joins and windows are all by user_id; a MATERIALIZED CTE is computed apart and its rows pass
 * through the coordinator (every request, for the steps of session-steps.sql). On one server the steps
 * stay materialized, so that the requests are computed once for their three uses.
 */
export function inlinedForCitus(source: string): string {
  return source.replace(/\bAS MATERIALIZED \(/g, 'AS NOT MATERIALIZED (');
}

const loaded = new Map<string, Promise<NamedSql>>();

/**
 * Reads and compiles one .sql file of this folder, its includes expanded, once per process; for a
 * database on Citus, its CTEs inlined (inlinedForCitus).
 */
export function reportSql(fileName: string, database?: Pick<Database, 'citus'>): Promise<NamedSql> {
  const distributed = database?.citus !== undefined;
  const key = `${fileName}${distributed ? ' on Citus' : ''}`;
  let sql = loaded.get(key);
  if (!sql) {
    sql = readReportSource(fileName).then((source) =>
      compileNamedSql(distributed ? inlinedForCitus(source) : source, fileName),
    );
    loaded.set(key, sql);
  }
  return sql;
}
