import { Hono } from 'hono';
import { pickColumns } from '../../../output/index.js';
import {
  engagementColumns,
  engagementMatrixColumns,
  engagementPeaks,
  storedRunFor,
} from '../../../reports/index.js';
import { reportDownload } from '../../downloads/report-download.js';
import {
  describeEngagementParams,
  engagementQueryNames,
  loadEngagement,
  parseEngagementQuery,
} from '../../report-data/engagement-data.js';
import { reportSource, reportSourceHeader } from '../../report-data/report-source.js';
import type { WebContext } from '../../web-context.js';
import { apiQuery } from './api-query.js';
import { exactJson } from './exact-json.js';

/**
 * GET /api/engagement: the peak rows per campaign plus one campaign's date-by-hour matrix (the campaign
 * asked for, else the busiest). With format=csv|json|ndjson, the peak rows as `perx report engagement`
 * writes them.
 */
export function engagementApi({ database, config, activity }: WebContext): Hono {
  return new Hono().get('/api/engagement', async (c) => {
    const { query, format } = apiQuery(c, engagementQueryNames);
    const params = parseEngagementQuery(query, config);
    if (format) {
      const run = await storedRunFor(database, 'engagement', params);
      return reportDownload(
        c,
        { activity, config },
        {
          report: 'engagement',
          rows: engagementPeaks(database, params, run),
          columns: engagementColumns,
          format,
          timeZone: params.tz,
          headers: reportSourceHeader(run),
        },
      );
    }
    const data = await loadEngagement(database, params);
    return exactJson(
      c,
      {
        params: describeEngagementParams(params),
        source: reportSource(data.run),
        rows: data.peaks.map((row) => pickColumns(row, engagementColumns, params.tz)),
        matrix: {
          campaign_id: data.matrixCampaign?.id ?? null,
          cells: data.matrix.map((cell) => pickColumns(cell, engagementMatrixColumns, params.tz)),
        },
      },
      200,
      reportSourceHeader(data.run),
    );
  });
}
