import type { ReportName, ReportParams, ReportRun } from '../../reports/index.js';
import { storedRunFor } from '../../reports/index.js';
import type { LiveComputation } from '../live/live-computations.js';
import type { WebContext } from '../web-context.js';

/**
 * A small computation usually ends within this long: the request then answers with its rows at once
 * rather than with a page that says it is under way.
 */
const answerWithinMs = 1500;

/** The run a sessions or campaigns request reads, or the computation that will store it. */
export type RunOrComputation = { run: ReportRun } | { computing: LiveComputation };

/**
 * The stored run that answers the request (storedRunFor); failing that, the computation of the sessions
 * of its gap, which every later request for that gap then reads. Waits `answerWithinMs` for it.
 */
export async function runFor(
  { database, live }: Pick<WebContext, 'database' | 'live'>,
  report: Extract<ReportName, 'sessions' | 'campaigns'>,
  params: ReportParams['sessions'] | ReportParams['campaigns'],
  waitMs = answerWithinMs,
): Promise<RunOrComputation> {
  const run = await storedRunFor(database, report, params);
  if (run) return { run };
  const computation = live.sessions(params.gap);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), waitMs);
  });
  const stored = await Promise.race([computation.done.catch(() => undefined), late]);
  clearTimeout(timer);
  if (!stored) return { computing: computation };
  return { run: (await storedRunFor(database, report, params)) ?? stored };
}

/** For a download, which cannot say "come back later": waits for the computation, however long it takes. */
export async function runForDownload(
  context: Pick<WebContext, 'database' | 'live'>,
  report: Extract<ReportName, 'sessions' | 'campaigns'>,
  params: ReportParams['sessions'] | ReportParams['campaigns'],
): Promise<ReportRun> {
  const found = await runFor(context, report, params);
  if ('run' in found) return found.run;
  const stored = await found.computing.done;
  return (await storedRunFor(context.database, report, params)) ?? stored;
}
