import { describe, expect, it } from 'vitest';
import { chatSystemPrompt, currentTimeLine, triageSystemPrompt } from './system-prompts.ts';
import { formatToolResultForModel, parseToolResultContent, shrinkJson } from './untrusted-data.ts';

describe('prompts carry the current date, time and time zone', () => {
  it('in the tenant time zone, with the UTC instant', () => {
    const now = new Date('2026-12-06T15:50:00Z');
    expect(currentTimeLine(now, 'America/New_York')).toBe(
      'Now: Sunday 2026-12-06 10:50 America/New_York (UTC-05:00); 2026-12-06T15:50:00Z',
    );
    expect(currentTimeLine(now)).toBe('Now: Sunday 2026-12-06 15:50 UTC (UTC+00:00); 2026-12-06T15:50:00Z');
    expect(
      chatSystemPrompt({ principal: { tenantSlug: 'acme', userName: 'rep', roles: ['rep'] }, now, timeZone: 'Europe/Berlin' }),
    ).toContain('Now: Sunday 2026-12-06 16:50 Europe/Berlin (UTC+01:00)');
    expect(
      triageSystemPrompt({ principal: { tenantSlug: 'acme', userName: 'triage', roles: ['rep'] }, now, timeZone: 'Asia/Tokyo' }),
    ).toContain('Now: Monday 2026-12-07 00:50 Asia/Tokyo (UTC+09:00); 2026-12-06T15:50:00Z');
  });
});

describe('large tool results reach the model as valid JSON with a note', () => {
  it('shortens lists and texts instead of cutting mid-token', () => {
    const orders = Array.from({ length: 400 }, (_, index) => ({ number: `SO-${index}`, note: 'x'.repeat(300) }));
    const text = formatToolResultForModel({ tool: 'search_orders', decision: 'allow', status: 'ok', reason: 'read', result: { orders } });
    expect(text.length).toBeLessThan(13_000);
    const parsed = parseToolResultContent(text) as unknown as { result: { orders: unknown[] }; truncated: string };
    expect(parsed.truncated).toMatch(/shortened to fit .* ask with narrower filters/);
    expect(parsed.result.orders.at(-1)).toMatch(/^… \d+ more$/);
    expect(parsed.result.orders[0]).toMatchObject({ number: 'SO-0' });
  });

  it('leaves small values alone and gives up on what cannot fit', () => {
    expect(shrinkJson({ a: [1, 2] }, 100)).toMatchObject({ value: { a: [1, 2] } });
    expect(shrinkJson('y'.repeat(10_000), 10).value).toBe('(too large to show)');
  });
});
