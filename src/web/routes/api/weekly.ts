import { Hono } from 'hono';
import { pickColumns } from '../../../output/index.js';
import { storedRunFor, weeklyColumns, weeklyRedemptions } from '../../../reports/index.js';
import { reportDownload } from '../../downloads/report-download.js';
import { reportSource, reportSourceHeader } from '../../report-data/report-source.js';
import {
  describeWeeklyParams,
  loadWeekly,
  parseWeeklyQuery,
  weeklyQueryNames,
} from '../../report-data/weekly-data.js';
import type { WebContext } from '../../web-context.js';
import { apiQuery } from './api-query.js';
import { exactJson } from './exact-json.js';

/** GET /api/weekly: redeemed rewards per reward and week, with the change on the previous calendar week. */
export function weeklyApi({ database, config, activity }: WebContext): Hono {
  return new Hono().get('/api/weekly', async (c) => {
    const { query, format } = apiQuery(c, weeklyQueryNames);
    const params = parseWeeklyQuery(query, config);
    if (format) {
      const run = await storedRunFor(database, 'weekly', params);
      return reportDownload(
        c,
        { activity, config },
        {
          report: 'weekly',
          rows: weeklyRedemptions(database, params, run),
          columns: weeklyColumns,
          format,
          timeZone: params.tz,
          headers: reportSourceHeader(run),
        },
      );
    }
    const data = await loadWeekly(database, params);
    return exactJson(
      c,
      {
        params: describeWeeklyParams(params),
        source: reportSource(data.run),
        rows: data.rows.map((row) => pickColumns(row, weeklyColumns, params.tz)),
      },
      200,
      reportSourceHeader(data.run),
    );
  });
}
