import { describe, expect, it } from 'vitest';
import { IllegalTransitionError } from '../errors.ts';
import {
  ORDER_STATUSES,
  ORDER_TRANSITIONS,
  assertOrderTransition,
  canTransition,
  effectiveStatus,
  type OrderStatus,
} from './order-status.ts';

describe('order state machine', () => {
  const legal = Object.entries(ORDER_TRANSITIONS).flatMap(([from, targets]) => targets.map((to) => [from as OrderStatus, to] as const));

  it.each(legal)('allows %s → %s', (from, to) => {
    // Leaving a hold is legal only back to where the order was held from (or to cancelled).
    const heldFrom = from === 'on_hold' ? (to === 'cancelled' ? 'reserved' : to) : null;
    expect(canTransition(from, to, heldFrom)).toBe(true);
    expect(() => assertOrderTransition(from, to, heldFrom)).not.toThrow();
  });

  it('follows the happy path captured → validated → reserved → released → shipped → invoiced → closed', () => {
    const path: OrderStatus[] = ['captured', 'validated', 'reserved', 'released', 'shipped', 'invoiced', 'closed'];
    for (let i = 1; i < path.length; i++) expect(canTransition(path[i - 1]!, path[i]!)).toBe(true);
  });

  it.each([
    ['captured', 'shipped'],
    ['captured', 'reserved'],
    ['validated', 'released'],
    ['backordered', 'released'],
    ['reserved', 'shipped'],
    ['released', 'invoiced'],
    ['shipped', 'cancelled'],
    ['shipped', 'on_hold'],
    ['invoiced', 'shipped'],
    ['closed', 'captured'],
    ['cancelled', 'validated'],
    ['partially_shipped', 'released'],
  ] as const)('refuses %s → %s with IllegalTransitionError', (from, to) => {
    expect(canTransition(from, to)).toBe(false);
    expect(() => assertOrderTransition(from, to)).toThrow(IllegalTransitionError);
  });

  it('only lets a held order return to the status it was held from', () => {
    expect(canTransition('on_hold', 'released', 'reserved')).toBe(false);
    expect(() => assertOrderTransition('on_hold', 'released', 'reserved')).toThrow(/held from reserved/);
    expect(canTransition('on_hold', 'reserved', 'reserved')).toBe(true);
  });

  it('treats closed and cancelled as final, and every status appears in the table', () => {
    expect(ORDER_TRANSITIONS.closed).toEqual([]);
    expect(ORDER_TRANSITIONS.cancelled).toEqual([]);
    expect(Object.keys(ORDER_TRANSITIONS).sort()).toEqual([...ORDER_STATUSES].sort());
    try {
      assertOrderTransition('closed', 'captured');
    } catch (error) {
      expect(error).toMatchObject({ code: 'illegal_transition', details: { entity: 'order', from: 'closed', to: 'captured' } });
      expect((error as Error).message).toContain('closed is final');
    }
  });

  it('reports the held-from status as the effective one', () => {
    expect(effectiveStatus({ status: 'on_hold', heldFromStatus: 'backordered' })).toBe('backordered');
    expect(effectiveStatus({ status: 'released', heldFromStatus: null })).toBe('released');
  });
});
