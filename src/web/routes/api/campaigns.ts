import { Hono } from 'hono';
import { pickColumns } from '../../../output/index.js';
import { campaignColumns, campaignParamsSchema, campaignPerformance } from '../../../reports/index.js';
import { reportDownload } from '../../downloads/report-download.js';
import { apiQuerySpec, parseApiQuery } from '../../params/api-query.js';
import { listingParamsSchema, pageOf, windowOf } from '../../params/listing-params.js';
import { describeCampaignParams, loadCampaigns } from '../../report-data/campaigns-data.js';
import { runForDownload } from '../../report-data/live-run.js';
import { reportSource, reportSourceHeader } from '../../report-data/report-source.js';
import type { WebContext } from '../../web-context.js';
import { computingResponse } from './computing-response.js';
import { exactJson } from './exact-json.js';

export const campaignsQuery = apiQuerySpec({ report: campaignParamsSchema, api: listingParamsSchema });

/** GET /api/campaigns: per campaign, views against the sessions and issues they drove. */
export function campaignsApi(context: WebContext): Hono {
  const { database, config, activity } = context;
  return new Hono().get('/api/campaigns', async (c) => {
    const { report: params, api } = parseApiQuery(c, campaignsQuery, config);
    if (api.format) {
      const run = await runForDownload(context, 'campaigns', params);
      return reportDownload(
        c,
        { activity, config },
        {
          report: 'campaigns',
          rows: windowOf(campaignPerformance(database, params, run), api),
          columns: campaignColumns,
          format: api.format,
          timeZone: params.tz,
          headers: reportSourceHeader(run),
        },
      );
    }
    const data = await loadCampaigns(context, params);
    if ('computing' in data) return computingResponse(c, data.computing);
    const page = pageOf(data.rows, api);
    return exactJson(
      c,
      {
        params: { ...describeCampaignParams(params), limit: page.limit, offset: page.offset },
        source: reportSource(data.run),
        ...page,
        rows: page.rows.map((row) => pickColumns(row, campaignColumns, params.tz)),
      },
      200,
      reportSourceHeader(data.run),
    );
  });
}
