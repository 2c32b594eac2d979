import { beforeAll, expect, it } from 'vitest';
import { InterruptedError } from '../../src/errors.js';
import { computeLiveSessions, TimeLimitError } from '../../src/reports/live-sessions.js';
import {
  computeAllReports,
  sessionParamsSchema,
  sessionRows,
  storedRunFor,
} from '../../src/reports/index.js';
import { describeEachEngine } from '../support/engines.js';
import { collect, loadFixture } from './fixture.js';
import { sessionsFixture } from './sessions-fixture.js';

describeEachEngine('live sessions runs', ({ database }) => {
  beforeAll(async () => {
    await loadFixture(database(), sessionsFixture);
    await computeAllReports(database());
  });

  const liveRuns = async () =>
    (
      await database().query<{ gap: number; complete: boolean }>(
        `SELECT (params->>'gap')::int AS gap, complete FROM report_run WHERE kind = 'live' ORDER BY id`,
      )
    ).map((run) => `${run.gap}${run.complete ? '' : ' incomplete'}`);
  const orphanSessions = async () => {
    const [row] = await database().query<{ rows: number }>(
      `SELECT count(*)::int AS rows FROM report_session
       WHERE report_run_id NOT IN (SELECT id FROM report_run)`,
    );
    return row?.rows;
  };

  it('stores the sessions of another gap once, exactly as the query computes them, and serves them', async () => {
    const progress: string[] = [];
    const run = await computeLiveSessions(database(), 600, {
      timeLimitMs: 60_000,
      keep: 2,
      onProgress: ({ done, total }) => progress.push(`${done}/${total}`),
    });
    expect(run).toMatchObject({ report: 'sessions', kind: 'live', params: { gap: 600 } });
    expect(progress).toEqual(['0/1', '1/1']);
    const params = sessionParamsSchema.parse({ gap: 600 });
    expect((await storedRunFor(database(), 'sessions', params))?.id).toBe(run.id);
    const stored = await collect(sessionRows(database(), params, run));
    expect(stored).toEqual(await collect(sessionRows(database(), params)));
    expect(stored).toHaveLength(run.row_count);
    expect(run.row_count).toBeGreaterThan(0);
  });

  it('keeps the most recently used runs, dropping the others with their rows', async () => {
    await computeLiveSessions(database(), 700, { timeLimitMs: 60_000, keep: 2 });
    const lastUse = async () =>
      (
        await database().query<{ gap: number; used: string }>(
          `SELECT (params->>'gap')::int AS gap, last_used_at::text AS used
           FROM report_run WHERE kind = 'live' ORDER BY 1`,
        )
      ).map((run) => `${run.gap} ${run.used}`);
    // A read within a minute of the last recorded use writes nothing: reads are the hot path.
    const before = await lastUse();
    await storedRunFor(database(), 'sessions', sessionParamsSchema.parse({ gap: 600 }));
    expect(await lastUse()).toEqual(before);
    // Two minutes on, reading gap 600 makes it the more recently used: gap 700 goes when gap 800 comes.
    await database().query(
      `UPDATE report_run SET last_used_at = last_used_at - interval '2 minutes' WHERE kind = 'live'`,
    );
    await storedRunFor(database(), 'sessions', sessionParamsSchema.parse({ gap: 600 }));
    await computeLiveSessions(database(), 800, { timeLimitMs: 60_000, keep: 2 });
    expect(await liveRuns()).toEqual(['600', '800']);
    expect(await orphanSessions()).toBe(0);
  });

  it('stops at its time limit and keeps nothing of it', async () => {
    await expect(computeLiveSessions(database(), 900, { timeLimitMs: 0, keep: 2 })).rejects.toThrow(
      TimeLimitError,
    );
    expect(await liveRuns()).toEqual(['600', '800']);
    expect(await orphanSessions()).toBe(0);
  });

  it('stops when cancelled and keeps nothing of it', async () => {
    const controller = new AbortController();
    controller.abort(new InterruptedError('SIGTERM', 'SIGTERM received'));
    await expect(
      computeLiveSessions(database(), 1000, { timeLimitMs: 60_000, keep: 2, signal: controller.signal }),
    ).rejects.toThrow(InterruptedError);
    expect(await liveRuns()).toEqual(['600', '800']);
    expect(await orphanSessions()).toBe(0);
  });
});
