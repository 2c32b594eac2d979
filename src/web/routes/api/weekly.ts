import { Hono } from 'hono';
import { pickColumns } from '../../../output/index.js';
import {
  storedRunFor,
  weeklyColumns,
  weeklyParamsSchema,
  weeklyRedemptions,
} from '../../../reports/index.js';
import { reportDownload } from '../../downloads/report-download.js';
import { apiQuerySpec, parseApiQuery } from '../../params/api-query.js';
import { listingParamsSchema, pageOf, windowOf } from '../../params/listing-params.js';
import { collect } from '../../report-data/collect.js';
import { reportSource, reportSourceHeader } from '../../report-data/report-source.js';
import { describeWeeklyParams, weeklyUrlNames } from '../../report-data/weekly-data.js';
import type { WebContext } from '../../web-context.js';
import { exactJson } from './exact-json.js';

export const weeklyQuery = apiQuerySpec({
  report: weeklyParamsSchema,
  urlNames: weeklyUrlNames,
  api: listingParamsSchema,
});

/** GET /api/weekly: redeemed rewards per reward and week, with the change on the previous calendar week. */
export function weeklyApi({ database, config, activity }: WebContext): Hono {
  return new Hono().get('/api/weekly', async (c) => {
    const { report: params, api } = parseApiQuery(c, weeklyQuery, config);
    const run = await storedRunFor(database, 'weekly', params);
    if (api.format) {
      return reportDownload(
        c,
        { activity, config },
        {
          report: 'weekly',
          rows: windowOf(weeklyRedemptions(database, params, run), api),
          columns: weeklyColumns,
          format: api.format,
          timeZone: params.tz,
          headers: reportSourceHeader(run),
        },
      );
    }
    const page = pageOf(await collect(weeklyRedemptions(database, params, run)), api);
    return exactJson(
      c,
      {
        params: { ...describeWeeklyParams(params), limit: page.limit, offset: page.offset },
        source: reportSource(run),
        ...page,
        rows: page.rows.map((row) => pickColumns(row, weeklyColumns, params.tz)),
      },
      200,
      reportSourceHeader(run),
    );
  });
}
