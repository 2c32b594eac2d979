import { Hono } from 'hono';
import { engagementColumns } from '../../../reports/index.js';
import { pageQuery } from '../../params/page-query.js';
import { parseTablePage } from '../../params/table-page.js';
import {
  defaultPeakPageSize,
  campaignChoices,
  engagementQueryNames,
  loadEngagement,
  parseEngagementQuery,
} from '../../report-data/engagement-data.js';
import { engagementPage } from '../../views/engagement-page.js';
import { readPagePeriod } from '../../status/data-period.js';
import type { WebContext } from '../../web-context.js';
import { rawQuery, renderPage } from './render-page.js';

export function engagementPageRoutes(context: WebContext): Hono {
  const { database, config } = context;
  return new Hono().get('/engagement', async (c) => {
    const query = rawQuery(c);
    const campaigns = await campaignChoices(database);
    const dataPeriod = await readPagePeriod(database, query.tz, config.timeZone);
    const page = { query, configuredTimeZone: config.timeZone, campaigns, dataPeriod };
    return renderPage(
      c,
      context,
      { title: 'Engagement', section: 'engagement', charts: true, scripts: ['engagement.js', 'filters.js'] },
      async () => {
        const query = pageQuery(c, [...engagementQueryNames, 'sort', 'limit', 'offset']);
        const params = parseEngagementQuery(query, config);
        const table = parseTablePage(query, engagementColumns, defaultPeakPageSize);
        return { body: engagementPage({ ...page, data: await loadEngagement(database, params, table) }) };
      },
      (error) => engagementPage({ ...page, error }),
    );
  });
}
