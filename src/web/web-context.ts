import type { Config } from '../config/config.js';
import type { Database } from '../db/database.js';
import type { Activity } from './activity.js';

/** What every route needs, fixed when the app is built. */
export interface WebContext {
  readonly database: Database;
  readonly config: Config;
  readonly activity: Activity;
}
