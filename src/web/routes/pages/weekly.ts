import { Hono } from 'hono';
import { weeklyColumns } from '../../../reports/index.js';
import { pageQuery } from '../../params/page-query.js';
import { parseTablePage } from '../../params/table-page.js';
import {
  defaultWeeklyPageSize,
  loadWeekly,
  parseWeeklyChartChoice,
  parseWeeklyQuery,
  weeklyQueryNames,
} from '../../report-data/weekly-data.js';
import { weeklyPage } from '../../views/weekly-page.js';
import { readPagePeriod } from '../../status/data-period.js';
import type { WebContext } from '../../web-context.js';
import { rawQuery, renderPage } from './render-page.js';

export function weeklyPageRoutes(context: WebContext): Hono {
  const { database, config } = context;
  return new Hono().get('/weekly', async (c) => {
    const query = rawQuery(c);
    const dataPeriod = await readPagePeriod(context.database, query.tz, config.timeZone);
    const page = { query, configuredTimeZone: config.timeZone, dataPeriod };
    return renderPage(
      c,
      context,
      { title: 'Weekly redemptions', section: 'weekly', charts: true, scripts: ['weekly.js', 'filters.js'] },
      async () => {
        const query = pageQuery(c, [...weeklyQueryNames, 'sort', 'limit', 'offset', 'top', 'reward']);
        const params = parseWeeklyQuery(query, config);
        const table = parseTablePage(query, weeklyColumns, defaultWeeklyPageSize);
        const choice = parseWeeklyChartChoice(query);
        const data = await loadWeekly(database, params, table, choice.reward);
        return { body: weeklyPage({ ...page, data, choice }) };
      },
      (error) => weeklyPage({ ...page, error }),
    );
  });
}
