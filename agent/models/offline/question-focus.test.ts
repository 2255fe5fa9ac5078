import { describe, expect, it } from 'vitest';
import type { ToolExchange } from './conversation.ts';
import { focusAnswer, questionFocus } from './question-focus.ts';

const exchange = (name: string, result: unknown): ToolExchange => ({
  id: name,
  name,
  args: {},
  outcome: { status: 'ok', result } as ToolExchange['outcome'],
});

describe('questionFocus', () => {
  it.each([
    ['and when should she have it?', 'arrival'],
    ['when will it arrive?', 'arrival'],
    ['has Lea been paid back?', 'refunded'],
    ['so how much did Velo Gisler get back in the end?', 'refunded'],
    ['did they get back to you?', undefined],
    ['has it left the building?', 'shipped'],
    ['did Marco receive it?', 'delivered'],
  ])('%s → %s', (text, focus) => expect(questionFocus(text)).toBe(focus));
});

describe('focusAnswer: arrival', () => {
  const order = {
    orderNumber: 'AV-1',
    status: 'shipped',
    shipments: [{ shipmentId: 'PP-1', status: 'in_transit', carrier: 'Swiss Post', estimatedDeliveryAt: '2026-12-08T10:00:00.000Z' }],
  };

  it("gives the carrier's estimate for a parcel on its way", () => {
    expect(focusAnswer('arrival', [exchange('get_order', order)])).toMatch(/expected on 2026-12-08.*PP-1.*Swiss Post/);
  });

  it('says when it was delivered once it was', () => {
    const delivered = { ...order, shipments: [{ shipmentId: 'PP-1', status: 'delivered', deliveredAt: '2026-12-02T09:00:00.000Z' }] };
    expect(focusAnswer('arrival', [exchange('get_order', delivered)])).toMatch(/^Yes — order AV-1 was delivered on 2026-12-02/);
  });
});
