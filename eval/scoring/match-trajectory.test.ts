import { describe, expect, it } from 'vitest';
import { trajectorySchema } from '../suite/suite-schema.ts';
import { matchTrajectory } from './match-trajectory.ts';
import { call } from './testing/observations.ts';

const expectation = (value: unknown) => trajectorySchema.parse(value);

const run = [
  call('get_exception', { exception: 'e-1' }),
  call('get_order', { order: '1001' }),
  call('get_inventory', { sku: 'TEE-BLK-M' }),
  call(
    'reallocate_order_line',
    { order: '1001', lineNumber: 1, toLocation: 'WH-WEST', reasonCode: 'RA-SHORT', note: 'short at east' },
    { status: 'pending_approval', decision: 'require_approval' },
  ),
];

describe('matchTrajectory: strict', () => {
  const steps = [
    'get_exception',
    { tool: 'get_order', args: { order: '1001' } },
    'get_inventory',
    { tool: 'reallocate_order_line', args: { toLocation: 'WH-WEST' } },
  ];

  it('passes the same calls in the same order', () => {
    expect(matchTrajectory(expectation({ mode: 'strict', steps }), run)).toMatchObject({
      passed: true,
      diff: [],
      argsTotal: 2,
      argsCorrect: 2,
    });
  });

  it('fails when two calls swap places', () => {
    const swapped = [run[0]!, run[2]!, run[1]!, run[3]!];
    const verdict = matchTrajectory(expectation({ mode: 'strict', steps }), swapped);
    expect(verdict.passed).toBe(false);
    expect(verdict.diff[0]).toMatch(/^step 2: expected get_order .* got get_inventory/);
  });

  it('fails on an extra call at the end and on a missing one', () => {
    expect(matchTrajectory(expectation({ mode: 'strict', steps }), [...run, call('issue_refund', { amount: 5 })]).diff).toEqual([
      expect.stringMatching(/^step 5: unexpected issue_refund/),
    ]);
    expect(matchTrajectory(expectation({ mode: 'strict', steps }), run.slice(0, 3)).diff).toEqual([
      expect.stringMatching(/^step 4: expected reallocate_order_line .* no more calls/),
    ]);
  });
});

describe('matchTrajectory: unordered', () => {
  it('passes the same calls in another order, fails with one more or one fewer', () => {
    const steps = ['get_order', 'get_exception', 'reallocate_order_line', 'get_inventory'];
    expect(matchTrajectory(expectation({ mode: 'unordered', steps }), run).passed).toBe(true);
    expect(matchTrajectory(expectation({ mode: 'unordered', steps }), [...run, call('get_order', { order: '1001' })]).diff).toEqual([
      expect.stringMatching(/^unexpected: get_order/),
    ]);
    expect(matchTrajectory(expectation({ mode: 'unordered', steps }), run.slice(1)).diff).toEqual([
      expect.stringMatching(/^missing: get_exception — never called/),
    ]);
  });

  it('pairs each call once: two expected get_order steps need two calls', () => {
    const verdict = matchTrajectory(
      expectation({ mode: 'unordered', steps: ['get_exception', 'get_order', 'get_order', 'get_inventory', 'reallocate_order_line'] }),
      run,
    );
    expect(verdict.passed).toBe(false);
    expect(verdict.diff).toEqual([expect.stringMatching(/^missing: get_order — its matching call was already paired/)]);
  });
});

describe('matchTrajectory: subset and superset', () => {
  it('subset: every call made is allowed, calls may be missing; an unlisted call fails', () => {
    const allowed = ['get_exception', 'get_order', 'get_inventory', 'get_customer', 'reallocate_order_line'];
    expect(matchTrajectory(expectation({ mode: 'subset', steps: allowed }), run).passed).toBe(true);
    const verdict = matchTrajectory(expectation({ mode: 'subset', steps: allowed }), [
      ...run,
      call('issue_refund', { order: '1001', amount: 40 }),
    ]);
    expect(verdict.passed).toBe(false);
    expect(verdict.diff).toEqual([expect.stringMatching(/^unexpected: issue_refund/)]);
  });

  it('superset: all expected calls were made, extra calls are fine; a missing one fails', () => {
    expect(matchTrajectory(expectation({ mode: 'superset', steps: ['get_exception', 'reallocate_order_line'] }), run).passed).toBe(true);
    const verdict = matchTrajectory(expectation({ mode: 'superset', steps: ['get_exception', 'search_runbooks'] }), run);
    expect(verdict.passed).toBe(false);
    expect(verdict.diff).toEqual(['missing: search_runbooks — never called']);
  });
});

describe('argument matching per tool', () => {
  it('subset: expected arguments are contained; a wrong value fails with the field named', () => {
    const steps = [{ tool: 'reallocate_order_line', args: { order: '1001', toLocation: 'WH-EAST' } }];
    const verdict = matchTrajectory(expectation({ mode: 'superset', steps }), run);
    expect(verdict.passed).toBe(false);
    expect(verdict.diff[0]).toContain('args.toLocation: expected "WH-EAST", got "WH-WEST"');
    expect(verdict).toMatchObject({ argsTotal: 1, argsCorrect: 0 });
  });

  it('exact: every argument must be listed unless ignored', () => {
    const args = { order: '1001', lineNumber: 1, toLocation: 'WH-WEST', reasonCode: 'RA-SHORT' };
    const exact = matchTrajectory(expectation({ mode: 'superset', steps: [{ tool: 'reallocate_order_line', args, match: 'exact' }] }), run);
    expect(exact.passed).toBe(false);
    expect(exact.diff[0]).toContain('args.note: not expected');
    const ignoring = matchTrajectory(
      expectation({ mode: 'superset', steps: [{ tool: 'reallocate_order_line', args, match: 'exact', ignore: ['note'] }] }),
      run,
    );
    expect(ignoring.passed).toBe(true);
  });

  it('the trajectory default applies to steps that do not say', () => {
    const steps = [{ tool: 'get_order', args: { order: '1001' } }];
    expect(matchTrajectory(expectation({ mode: 'superset', args: 'exact', steps }), run).passed).toBe(true);
    const extra = [call('get_order', { order: '1001', include: 'lines' })];
    expect(matchTrajectory(expectation({ mode: 'superset', args: 'exact', steps }), extra).passed).toBe(false);
    expect(matchTrajectory(expectation({ mode: 'superset', args: 'subset', steps }), extra).passed).toBe(true);
  });

  it('matchers: $regex, $oneOf, numeric bounds, $absent', () => {
    const refund = [call('issue_refund', { order: '2001', amount: 30, reason: 'over-capture of 30.00' })];
    const pass = (args: Record<string, unknown>) =>
      matchTrajectory(expectation({ mode: 'superset', steps: [{ tool: 'issue_refund', args }] }), refund).passed;
    expect(pass({ reason: { $regex: 'over-?capture' } })).toBe(true);
    expect(pass({ reason: { $regex: '^refund' } })).toBe(false);
    expect(pass({ amount: { $gte: 29.99, $lte: 30 } })).toBe(true);
    expect(pass({ amount: { $lt: 30 } })).toBe(false);
    expect(pass({ order: { $oneOf: ['2001', '2002'] } })).toBe(true);
    expect(pass({ order: { $oneOf: ['2002'] } })).toBe(false);
    expect(pass({ currency: { $absent: true } })).toBe(true);
    expect(pass({ amount: { $absent: true } })).toBe(false);
  });

  it('rejects unknown matchers and bad regular expressions when the suite is read', () => {
    expect(trajectorySchema.safeParse({ mode: 'strict', steps: [{ tool: 'get_order', args: { order: { $like: '10%' } } }] }).success).toBe(
      false,
    );
    expect(trajectorySchema.safeParse({ mode: 'strict', steps: [{ tool: 'get_order', args: { order: { $regex: '(' } } }] }).success).toBe(
      false,
    );
    expect(trajectorySchema.safeParse({ mode: 'sideways', steps: [] }).success).toBe(false);
  });
});
