/** GET /v1/partner/scorecard: the partner scorecard across the caller's granted tenants. */
import { z } from 'zod';
import { getPartnerPrincipal } from '../auth/require-auth.ts';
import { loadPartnerScorecard, partnerScorecardSchema } from '../partner/partner-scorecard.ts';
import type { ApiDependencies } from './dependencies.ts';
import { addRoute, type ApiRouter } from './openapi.ts';

export const SCORECARD_WINDOWS = [7, 30, 90] as const;

const scorecardQuery = z.object({
  days: z.coerce
    .number()
    .int()
    .refine((days) => (SCORECARD_WINDOWS as readonly number[]).includes(days), `must be one of ${SCORECARD_WINDOWS.join(', ')}`)
    .default(7),
});

export function registerPartnerRoutes(api: ApiRouter, deps: Pick<ApiDependencies, 'db'>): void {
  addRoute(
    api,
    {
      method: 'get',
      path: '/v1/partner/scorecard',
      tags: ['partners'],
      summary: 'Scorecard of every tenant granted to the caller’s partner organisation, and the totals',
      description:
        'SLA adherence, open exceptions by type and age, automation coverage, approval turnaround, actions executed and failed downstream, adoption and support load over the last `days` days. Partner keys and partner sessions only; each tenant is read in a read-only transaction the database admits only through the grant.',
      access: 'partner',
      query: scorecardQuery,
      response: partnerScorecardSchema,
      responseDescription: 'The scorecard',
    },
    async (c, { query }) => {
      const to = new Date();
      return loadPartnerScorecard(deps.db, getPartnerPrincipal(c), { from: new Date(to.getTime() - query.days * 86_400_000), to });
    },
  );
}
