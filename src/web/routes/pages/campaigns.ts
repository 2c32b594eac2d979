import { Hono } from 'hono';
import { campaignColumns } from '../../../reports/index.js';
import { pageQuery } from '../../params/page-query.js';
import { parseTablePage } from '../../params/table-page.js';
import {
  campaignQueryNames,
  defaultCampaignPageSize,
  loadCampaigns,
  parseCampaignQuery,
} from '../../report-data/campaigns-data.js';
import { campaignsPage } from '../../views/campaigns-page.js';
import { computingRefreshSeconds } from '../../views/components/computing.js';
import { readPagePeriod } from '../../status/data-period.js';
import type { WebContext } from '../../web-context.js';
import { rawQuery, renderPage } from './render-page.js';

export function campaignsPageRoutes(context: WebContext): Hono {
  const { config } = context;
  return new Hono().get('/campaigns', async (c) => {
    const query = rawQuery(c);
    const dataPeriod = await readPagePeriod(context.database, query.tz, config.timeZone);
    const page = { query, configuredTimeZone: config.timeZone, dataPeriod };
    return renderPage(
      c,
      context,
      {
        title: 'Campaign performance',
        section: 'campaigns',
        charts: true,
        scripts: ['campaigns.js', 'filters.js'],
      },
      async () => {
        const query = pageQuery(c, [...campaignQueryNames, 'sort', 'limit', 'offset']);
        const params = parseCampaignQuery(query, config);
        const table = parseTablePage(query, campaignColumns, defaultCampaignPageSize);
        const data = await loadCampaigns(context, params, table);
        if ('computing' in data) {
          return {
            body: campaignsPage({ ...page, computing: data.computing }),
            refreshSeconds: data.computing.failure === undefined ? computingRefreshSeconds : undefined,
          };
        }
        return { body: campaignsPage({ ...page, data }) };
      },
      (error) => campaignsPage({ ...page, error }),
    );
  });
}
