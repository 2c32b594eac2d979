import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import type pg from 'pg';

/** The machine the figures come from, for the line under the table. */
export async function describeMachine(admin: pg.Client): Promise<string> {
  const [{ version }] = (await admin.query<{ version: string }>('SELECT version()')).rows as [
    { version: string },
  ];
  const settings = await admin.query<{ name: string; value: string }>(
    `SELECT name, current_setting(name) AS value FROM pg_settings
     WHERE name IN ('shared_buffers', 'maintenance_work_mem', 'work_mem', 'max_parallel_maintenance_workers',
                    'max_parallel_workers_per_gather', 'wal_level', 'synchronous_commit')
     ORDER BY name`,
  );
  const gib = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
  return [
    `machine: ${availableParallelism()} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), ${gib(totalmem())} memory, Node ${process.version}`,
    `server: ${version.split(',')[0]}; ${settings.rows.map((row) => `${row.name}=${row.value}`).join(', ')}`,
  ].join('\n');
}

/** The 1-minute load average: other work on the machine makes every figure slower. */
export function loadAverage(): string {
  return loadavg()[0]!.toFixed(2);
}
