import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Apache Avro's Python library (Debian's python3-avro) as an independent reader and writer of Avro
 * files. It is the system Python's package, so the system interpreter runs it, whatever python3 is first
 * on PATH. CI installs it and requires it; elsewhere its tests are left out with a warning.
 */
const python = '/usr/bin/python3';
const script = fileURLToPath(new URL('./python-avro.py', import.meta.url));

export const pythonAvroAvailable = spawnSync(python, ['-c', 'import avro'], { stdio: 'ignore' }).status === 0;

if (!pythonAvroAvailable && process.env.CI === 'true') {
  throw new Error(`${python} cannot import avro; CI requires python3-avro (apt-get install python3-avro)`);
}
if (!pythonAvroAvailable) {
  console.warn(`${python} cannot import avro (python3-avro): the tests against it are left out outside CI`);
}

export interface PythonReading {
  count: number;
  codec: string;
  schema: { name: string; fields: { name: string; type: unknown }[] };
  records: Record<string, unknown>[];
}

function run(args: string[], input?: string): string {
  const result = spawnSync(python, [script, ...args], {
    encoding: 'utf8',
    input,
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`python-avro.py ${args[0]} failed: ${result.stderr}`);
  return result.stdout;
}

/** The file as the Python library reads it: count, codec, writer schema and the first `limit` records. */
export function readWithPython(file: string, limit?: number): PythonReading {
  return JSON.parse(run(['read', file, ...(limit === undefined ? [] : [String(limit)])])) as PythonReading;
}

/** Writes records (timestamps as epoch microseconds) with the Python library. */
export function writeWithPython(
  schemaFile: string,
  out: string,
  codec: 'null' | 'deflate',
  records: unknown[],
): void {
  run(['write', schemaFile, out, codec], JSON.stringify(records));
}
