import { Hono } from 'hono';
import { transactionColumns, transactionPage, transactionParamsSchema } from '../../../reports/index.js';
import { pageQuery } from '../../params/page-query.js';
import { parseTablePage } from '../../params/table-page.js';
import { parseReportQuery } from '../../report-data/report-query.js';
import { defaultTransactionPageSize, transactionsPage } from '../../views/transactions-page.js';
import { readPagePeriod } from '../../status/data-period.js';
import type { WebContext } from '../../web-context.js';
import { rawQuery, renderPage } from './render-page.js';

const transactionQueryNames = ['from', 'to', 'tz', 'campaign', 'reward', 'status', 'sort', 'limit', 'offset'];

/**
 * GET /transactions: the reward transactions behind a figure, where a heatmap cell (a campaign's hour)
 * or a weekly row (a reward's redemptions in a week) leads.
 */
export function transactionsPageRoutes(context: WebContext): Hono {
  const { database, config } = context;
  return new Hono().get('/transactions', async (c) => {
    const query = rawQuery(c);
    const dataPeriod = await readPagePeriod(context.database, query.tz, config.timeZone);
    const page = { query, configuredTimeZone: config.timeZone, dataPeriod };
    return renderPage(
      c,
      context,
      { title: 'Reward transactions', section: null },
      async () => {
        const query = pageQuery(c, transactionQueryNames);
        const params = parseReportQuery(transactionParamsSchema, query, config);
        const table = parseTablePage(query, transactionColumns, defaultTransactionPageSize);
        const found = await transactionPage(database, params, table);
        return { body: transactionsPage({ ...page, data: { params, table, ...found } }) };
      },
      (error) => transactionsPage({ ...page, error }),
    );
  });
}
