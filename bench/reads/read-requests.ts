/**
 * What the `reads` benchmark's clients ask for: each request drawn (seeded) from the dataset — any of
 * the applied orders, any SKU of the catalog, exception-queue pages as people page and sort them, and
 * the operator questions of the retrieval suite — so the read cache meets the spread of keys real
 * traffic has, not one repeated request (its best case, kept as `--same`).
 */
import { loadRetrievalSuite } from '../../eval/retrieval/retrieval-suite.ts';
import { SKU_COUNT } from '../events/event-workload.ts';

/** A path for the next request of one endpoint, from the client's own random stream. */
export type RequestPicker = (random: () => number) => string;

const pick = <T>(random: () => number, values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
const sku = (index: number) => `SKU-${String(index).padStart(3, '0')}`;

const EXCEPTION_SORTS = ['oldest', 'newest', 'severity', 'sla'] as const;
const EXCEPTION_STATUSES = [undefined, 'live', 'open'] as const;
const EXCEPTION_OFFSETS = [0, 0, 20, 40] as const;

/** Paths of the order, exception list, ATS and runbook-search endpoints: one fixed request each (`same`) or drawn per request. */
export async function readRequests(orderNumbers: readonly string[], same: boolean): Promise<Record<string, RequestPicker>> {
  const middle = orderNumbers[Math.floor(orderNumbers.length / 2)]!;
  if (same)
    return {
      order: () => `/v1/orders/${middle}`,
      'exceptions?limit=20': () => '/v1/exceptions?limit=20',
      ATS: () => '/v1/inventory/SKU-001/ats',
      'runbook search': () => `/v1/runbooks/search?q=${encodeURIComponent('customer charged twice refund')}`,
    };
  // The retrieval suite's questions asked in the shared view (the bench tenant has no private runbooks).
  const questions = (await loadRetrievalSuite()).cases.filter((entry) => !entry.tenant).map((entry) => entry.query);
  return {
    order: (random) => `/v1/orders/${pick(random, orderNumbers)}`,
    'exceptions?limit=20': (random) => {
      const status = pick(random, EXCEPTION_STATUSES);
      const offset = pick(random, EXCEPTION_OFFSETS);
      return `/v1/exceptions?limit=20&sort=${pick(random, EXCEPTION_SORTS)}${status ? `&status=${status}` : ''}${offset ? `&offset=${offset}` : ''}`;
    },
    ATS: (random) => `/v1/inventory/${sku(Math.floor(random() * SKU_COUNT))}/ats`,
    'runbook search': (random) => `/v1/runbooks/search?q=${encodeURIComponent(pick(random, questions))}`,
  };
}

/** Every endpoint the benchmark loads, by name: /healthz as the reference, /v1/me (authentication alone), then the reads. */
export async function benchEndpoints(orderNumbers: readonly string[], same: boolean): Promise<Record<string, RequestPicker>> {
  return {
    '/healthz (reference)': () => '/healthz',
    // Authentication alone: a cached key writes and reads nothing (last_used_at at most once a minute).
    '/v1/me': () => '/v1/me',
    ...(await readRequests(orderNumbers, same)),
  };
}
