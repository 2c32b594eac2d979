import type { Config } from '../config/config.js';
import type { Database } from '../db/database.js';
import type { Activity } from './activity.js';
import type { LiveComputations } from './live/live-computations.js';

/** What every route needs, fixed when the app is built. */
export interface WebContext {
  readonly database: Database;
  readonly config: Config;
  readonly activity: Activity;
  /** Sessions computed on demand for gaps `perx report all` did not store. */
  readonly live: LiveComputations;
}
