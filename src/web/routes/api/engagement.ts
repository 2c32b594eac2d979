import { Hono } from 'hono';
import { pickColumns } from '../../../output/index.js';
import {
  engagementColumns,
  engagementMatrix,
  engagementMatrixColumns,
  engagementParamsSchema,
  engagementPeaks,
  storedRunFor,
  type EngagementCell,
} from '../../../reports/index.js';
import { reportDownload } from '../../downloads/report-download.js';
import { apiQuerySpec, parseApiQuery } from '../../params/api-query.js';
import { listingParamsSchema, pageOf, windowOf } from '../../params/listing-params.js';
import { collect } from '../../report-data/collect.js';
import { describeEngagementParams } from '../../report-data/engagement-data.js';
import { reportSource, reportSourceHeader } from '../../report-data/report-source.js';
import type { WebContext } from '../../web-context.js';
import { exactJson } from './exact-json.js';

export const engagementQuery = apiQuerySpec({ report: engagementParamsSchema, api: listingParamsSchema });

/**
 * GET /api/engagement: the peak hours per campaign, a page of them; with format=csv|ndjson, every one as
 * `perx report engagement` writes them.
 * GET /api/engagement/matrix: transactions per local date and hour, zeros included, of one campaign or
 * of all campaigns together: the dashboard's heatmap.
 */
export function engagementApi({ database, config, activity }: WebContext): Hono {
  const app = new Hono();
  app.get('/api/engagement', async (c) => {
    const { report: params, api } = parseApiQuery(c, engagementQuery, config);
    const run = await storedRunFor(database, 'engagement', params);
    if (api.format) {
      return reportDownload(
        c,
        { activity, config },
        {
          report: 'engagement',
          rows: windowOf(engagementPeaks(database, params, run), api),
          columns: engagementColumns,
          format: api.format,
          timeZone: params.tz,
          headers: reportSourceHeader(run),
        },
      );
    }
    const page = pageOf(await collect(engagementPeaks(database, params, run)), api);
    return exactJson(
      c,
      {
        params: { ...describeEngagementParams(params), limit: page.limit, offset: page.offset },
        source: reportSource(run),
        ...page,
        rows: page.rows.map((row) => pickColumns(row, engagementColumns, params.tz)),
      },
      200,
      reportSourceHeader(run),
    );
  });
  app.get('/api/engagement/matrix', async (c) => {
    const { report: params, api } = parseApiQuery(c, engagementQuery, config);
    if (api.format) {
      // Computed as the download starts: a HEAD request answers the headers without it.
      async function* cells(): AsyncGenerator<EngagementCell> {
        yield* await engagementMatrix(database, params);
      }
      return reportDownload(
        c,
        { activity, config },
        {
          report: 'engagement-matrix',
          rows: windowOf(cells(), api),
          columns: engagementMatrixColumns,
          format: api.format,
          timeZone: params.tz,
          headers: reportSourceHeader(undefined),
        },
      );
    }
    const cells = await engagementMatrix(database, params);
    const page = pageOf(cells, api);
    return exactJson(
      c,
      {
        params: { ...describeEngagementParams(params), limit: page.limit, offset: page.offset },
        source: reportSource(undefined),
        ...page,
        rows: page.rows.map((cell) => pickColumns(cell, engagementMatrixColumns, params.tz)),
      },
      200,
      reportSourceHeader(undefined),
    );
  });
  return app;
}
