import { Hono } from 'hono';
import { pickColumns } from '../../../output/index.js';
import { campaignColumns, campaignPerformance } from '../../../reports/index.js';
import { reportDownload } from '../../downloads/report-download.js';
import {
  campaignQueryNames,
  describeCampaignParams,
  loadCampaigns,
  parseCampaignQuery,
} from '../../report-data/campaigns-data.js';
import { runForDownload } from '../../report-data/live-run.js';
import { reportSource, reportSourceHeader } from '../../report-data/report-source.js';
import type { WebContext } from '../../web-context.js';
import { apiQuery } from './api-query.js';
import { exactJson } from './exact-json.js';
import { computingResponse } from './computing-response.js';

/** GET /api/campaigns: per campaign, views against the sessions and issues they drove. */
export function campaignsApi(context: WebContext): Hono {
  const { database, config, activity } = context;
  return new Hono().get('/api/campaigns', async (c) => {
    const { query, format } = apiQuery(c, campaignQueryNames);
    const params = parseCampaignQuery(query, config);
    if (format) {
      const run = await runForDownload(context, 'campaigns', params);
      return reportDownload(
        c,
        { activity, config },
        {
          report: 'campaigns',
          rows: campaignPerformance(database, params, run),
          columns: campaignColumns,
          format,
          timeZone: params.tz,
          headers: reportSourceHeader(run),
        },
      );
    }
    const data = await loadCampaigns(context, params);
    if ('computing' in data) return computingResponse(c, data.computing);
    return exactJson(
      c,
      {
        params: describeCampaignParams(params),
        source: reportSource(data.run),
        rows: data.rows.map((row) => pickColumns(row, campaignColumns, params.tz)),
      },
      200,
      reportSourceHeader(data.run),
    );
  });
}
