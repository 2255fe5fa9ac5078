import { describe, expect, it } from 'vitest';
import { IllegalTransitionError } from '../errors.ts';
import { EXCEPTION_STATUSES } from './exception-types.ts';
import { assertExceptionTransition, canTransitionException } from './status-transitions.ts';

describe('exception status machine', () => {
  it('allows the documented moves and refuses the rest', () => {
    expect(canTransitionException('open', 'triaging')).toBe(true);
    expect(canTransitionException('triaging', 'awaiting_approval')).toBe(true);
    expect(canTransitionException('awaiting_approval', 'open')).toBe(true);
    expect(canTransitionException('resolved', 'open')).toBe(true);
    expect(canTransitionException('resolved', 'dismissed')).toBe(false);
    expect(canTransitionException('dismissed', 'triaging')).toBe(false);
    expect(() => assertExceptionTransition('resolved', 'awaiting_approval')).toThrow(IllegalTransitionError);
    for (const status of EXCEPTION_STATUSES) expect(canTransitionException(status, status)).toBe(false);
  });
});
