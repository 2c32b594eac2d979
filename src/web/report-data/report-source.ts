import type { ReportRun } from '../../reports/index.js';

/**
 * Where a response's rows came from: a stored run, of `perx report all` ('all') or computed for an
 * earlier request with the same parameters ('live'); or computed just now.
 */
export interface ReportSource {
  stored: boolean;
  report_run_id: number | null;
  computed_at: string | null;
  kind: 'all' | 'live' | null;
}

export function reportSource(run: ReportRun | undefined): ReportSource {
  return run
    ? { stored: true, report_run_id: run.id, computed_at: run.computed_at.toISOString(), kind: run.kind }
    : { stored: false, report_run_id: null, computed_at: null, kind: null };
}

/** The same, as a response header, so a download says it too. */
export function reportSourceHeader(run: ReportRun | undefined): Record<string, string> {
  return { 'X-Perx-Report-Source': run ? `stored run ${run.id}` : 'computed' };
}
