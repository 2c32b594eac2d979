import type { DataPeriod } from '../status/data-period.js';

/** What data the pages show and how current the stored reports are, for the line at the top of every page. */
export interface Freshness {
  /** When the data now live was loaded: the last ingest that changed it. */
  dataLoadedAt: Date | null;
  /** The dates the data covers, in the configured zone; null before any ingest. */
  dataPeriod: DataPeriod | null;
  lastIngestOutcome: 'running' | 'succeeded' | 'failed' | 'abandoned' | null;
  reportsComputedAt: Date | null;
  /** Whether every stored report was computed from the data now live; null when none is stored. */
  reportsCurrent: boolean | null;
  /** The configured zone, on whose clock these times are shown. */
  timeZone: string;
}
