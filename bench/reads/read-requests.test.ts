import { describe, expect, it } from 'vitest';
import { seededRandom } from '../support/seeded-random.ts';
import { readRequests } from './read-requests.ts';

const orders = Array.from({ length: 50 }, (_, index) => `q-${100000 + index}`);
const draw = (picker: (random: () => number) => string, seed: number, count: number) => {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => picker(random));
};

describe('the reads benchmark requests', () => {
  it('draw orders, SKUs, queue pages and questions from the dataset, the same ones for the same seed', async () => {
    const pickers = await readRequests(orders, false);
    const paths = draw(pickers.order!, 1, 200);
    expect(new Set(paths).size).toBeGreaterThan(30);
    for (const path of paths) expect(orders).toContain(path.replace('/v1/orders/', ''));
    expect(draw(pickers.order!, 1, 200)).toEqual(paths);
    expect(draw(pickers.order!, 2, 200)).not.toEqual(paths);
    expect(new Set(draw(pickers.ATS!, 1, 200)).size).toBeGreaterThan(30);
    const pages = draw(pickers['exceptions?limit=20']!, 1, 200);
    expect(new Set(pages).size).toBeGreaterThan(10);
    for (const page of pages) expect(page).toMatch(/^\/v1\/exceptions\?limit=20&sort=(oldest|newest|severity|sla)/);
    const questions = draw(pickers['runbook search']!, 1, 200).map((path) => new URL(path, 'http://x').searchParams.get('q'));
    expect(new Set(questions).size).toBeGreaterThan(30);
  });

  it('repeat one request per endpoint with --same (the read cache’s best case)', async () => {
    const pickers = await readRequests(orders, true);
    for (const picker of Object.values(pickers)) expect(new Set(draw(picker, 1, 20)).size).toBe(1);
    expect(pickers.order!(Math.random)).toBe('/v1/orders/q-100025');
  });
});
