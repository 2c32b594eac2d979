import { sessionSorts } from '../../src/reports/params.js';

/** One request of the sessions endpoint that the API latency table measures. */
export interface ApiVariant {
  name: string;
  path: string;
}

/** A campaign every generated data set has (perx generate makes at least 20 campaigns, ids from 1). */
const campaign = 7;

/**
 * The sessions endpoint as the dashboard calls it: the first page of every listing a user can ask for
 * in one click, a user's sessions, a campaign's sessions, and every sort key both ways, each a page of 50.
 */
export function apiVariants(user: string): ApiVariant[] {
  return [
    { name: 'user filter', path: `/api/sessions?user=${encodeURIComponent(user)}` },
    { name: 'campaign filter', path: `/api/sessions?campaign=${campaign}` },
    ...sessionSorts.map((sort) => ({ name: `sort ${sort}`, path: `/api/sessions?sort=${sort}` })),
  ];
}
