/** When the data shown was loaded and when the stored reports were computed. */
export interface Freshness {
  dataLoadedAt: Date | null;
  lastIngestOutcome: 'running' | 'succeeded' | 'failed' | 'abandoned' | null;
  reportsComputedAt: Date | null;
  /** The configured zone, on whose clock these times are shown. */
  timeZone: string;
}
