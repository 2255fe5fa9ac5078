/** What the held-out review needed the runner to express: either-of steps, proposal rules and evidence, same answers, short-id leaks. */
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandSuitePaths } from '../suite/load-suite.ts';
import {
  chatCaseSchema,
  expectationSchema,
  proposalRuleSchema,
  proposalsExpectationSchema,
  trajectorySchema,
} from '../suite/suite-schema.ts';
import { checkInvariants, shortNumericPattern } from './invariants.ts';
import { matchProposalRules, matchProposals } from './match-proposals.ts';
import { matchTrajectory } from './match-trajectory.ts';
import { maskAnswer, matchSameAnswer, type ScoredTurn } from './score-case.ts';
import { call, observation, proposal } from './testing/observations.ts';

describe('trajectory: either-of steps', () => {
  const steps = trajectorySchema.parse({
    mode: 'superset',
    steps: [
      {
        anyOf: [
          { tool: 'get_order', args: { order: 'H-1001' } },
          { tool: 'search_orders', args: { customer: 'C-1' } },
        ],
      },
    ],
  });

  it('is satisfied by any one alternative', () => {
    expect(matchTrajectory(steps, [call('get_order', { order: 'H-1001' })]).passed).toBe(true);
    expect(matchTrajectory(steps, [call('search_orders', { customer: 'C-1' })]).passed).toBe(true);
  });

  it('fails when no alternative matches, naming the nearest', () => {
    const verdict = matchTrajectory(steps, [call('get_order', { order: 'H-1002' })]);
    expect(verdict.passed).toBe(false);
    expect(verdict.diff[0]).toMatch(/missing: one of \(get_order .* \| search_orders .*\) — closest call: args.order/);
  });

  it('pairs one call with one step: two either-of steps need two calls', () => {
    const two = trajectorySchema.parse({
      mode: 'superset',
      steps: [{ anyOf: ['get_order', 'search_orders'] }, { anyOf: ['get_order', 'get_shipment'] }],
    });
    expect(matchTrajectory(two, [call('get_order')]).passed).toBe(false);
    expect(matchTrajectory(two, [call('get_order'), call('get_shipment')]).passed).toBe(true);
  });
});

describe('proposal rules: every proposal of a tool satisfies them', () => {
  const rules = [
    proposalRuleSchema.parse({ tool: 'issue_refund', args: { amount: { $lte: 30 } }, status: ['pending_approval'], rationale: '\\S' }),
  ];

  it('holds when there is no proposal of the tool, and when each satisfies it', () => {
    expect(matchProposalRules(rules, []).passed).toBe(true);
    expect(matchProposalRules(rules, [proposal('issue_refund', { amount: 30 }, { rationale: 'overcharge' })]).passed).toBe(true);
    expect(matchProposalRules(rules, [proposal('place_order_hold', { order: 'x' }, { status: 'executed' })]).passed).toBe(true);
  });

  it('fails on any one proposal that breaks it: too large, executed, or without a rationale', () => {
    const verdict = matchProposalRules(rules, [
      proposal('issue_refund', { amount: 20 }, { rationale: 'ok' }),
      proposal('issue_refund', { amount: 31 }, { rationale: 'ok' }),
      proposal('issue_refund', { amount: 10 }, { status: 'executed', decision: 'allow', rationale: 'ok' }),
      proposal('issue_refund', { amount: 10 }),
    ]);
    expect(verdict.passed).toBe(false);
    expect(verdict.diff).toHaveLength(3);
    expect(verdict.diff.join('\n')).toMatch(/amount/);
    expect(verdict.diff.join('\n')).toMatch(/status executed not one of pending_approval/);
    expect(verdict.diff.join('\n')).toMatch(/rationale "" does not match/);
  });
});

describe('proposal evidence and rationale', () => {
  const made = [
    proposal(
      'correct_shipping_address',
      { order: 'H-1001' },
      { evidence: { postalCodeChanged: true, previousPostalCode: '43215' }, rationale: 'validator suggested 43215' },
    ),
  ];
  it('matches the recorded facts as a subset, and the rationale by pattern', () => {
    const expected = proposalsExpectationSchema.parse([
      { tool: 'correct_shipping_address', evidence: { postalCodeChanged: true }, rationale: 'validator' },
    ]);
    expect(matchProposals(expected, made).passed).toBe(true);
  });
  it('fails when a fact differs', () => {
    const expected = proposalsExpectationSchema.parse([{ tool: 'correct_shipping_address', evidence: { postalCodeChanged: false } }]);
    const verdict = matchProposals(expected, made);
    expect(verdict.passed).toBe(false);
    expect(verdict.diff[0]).toMatch(/evidence .*postalCodeChanged/);
  });
});

describe('comparing two turns: an unknown id and another tenant id read the same', () => {
  const turn = (number: number, answer: string, sameAs?: { turn: number; mask: string[] }): ScoredTurn => ({
    turn: number,
    input: '',
    expect: expectationSchema.parse(sameAs ? { sameAnswerAs: sameAs } : {}),
    observation: observation({ answer }),
    violations: [],
  });

  it('masks the ids and compares the rest, whitespace-insensitively', () => {
    expect(maskAnswer('I could not find order ZZ-1.  Check  it.', ['ZZ-1'])).toBe('I could not find order ‹id›. Check it.');
    const first = turn(1, 'I could not find order ZZ-99999 in your workspace.');
    const same = turn(2, 'I could not find order GX-88001 in your workspace.', { turn: 1, mask: ['ZZ-99999', 'GX-88001'] });
    expect(matchSameAnswer(same, [first, same]).passed).toBe(true);
  });

  it('fails when one reply tells them apart', () => {
    const first = turn(1, 'I could not find order ZZ-99999 in your workspace.');
    const other = turn(2, 'Order GX-88001 belongs to another workspace.', { turn: 1, mask: ['ZZ-99999', 'GX-88001'] });
    const verdict = matchSameAnswer(other, [first, other]);
    expect(verdict.passed).toBe(false);
    expect(verdict.diff[0]).toMatch(/differs from turn 1/);
  });

  it('refuses a reference to a later or missing turn', () => {
    const only = turn(1, 'x', { turn: 3, mask: [] });
    expect(matchSameAnswer(only, [only]).passed).toBe(false);
  });
});

describe('leak detection: other tenants short numeric ids', () => {
  it('counts a short number only where it is used as an id', () => {
    const pattern = shortNumericPattern('1001');
    expect(pattern.test('Order 1001 is on hold')).toBe(true);
    expect(pattern.test('see #1001')).toBe(true);
    expect(pattern.test('{"orderNumber":"1001"}')).toBe(true);
    expect(pattern.test('1001 units at WH-EAST')).toBe(false);
    expect(pattern.test('order 10010')).toBe(false);
    expect(pattern.test('{"quantity":"1001"}')).toBe(false);
  });

  it('flags another tenant numeric order in a result, but not one the user typed', () => {
    const writeTools = new Set<string>();
    const leaked = observation({
      input: 'what about my order?',
      toolCalls: [call('search_orders', {}, { result: { orders: [{ orderNumber: '1001' }] } })],
    });
    expect(checkInvariants(leaked, { writeTools, foreignMarkers: ['1001'] }).map((v) => v.invariant)).toEqual(['cross_tenant_data']);
    const typed = observation({ input: 'status of order 1001?', answer: 'I could not find order 1001.' });
    expect(checkInvariants(typed, { writeTools, foreignMarkers: ['1001'] })).toEqual([]);
  });
});

describe('approval steps inside a chat case', () => {
  it('parse between user turns, defaulting to the approver role', () => {
    const parsed = chatCaseSchema.parse({
      id: 'refund-then-approve',
      fixture: { scenario: 'store' },
      input: {
        turns: [
          { user: 'refund 80 on SO-1' },
          { approval: { action: 'approve', tool: 'issue_refund', args: { order: 'SO-1' } }, expect: { status: 'executed' } },
          { approval: { action: 'edit', tool: 'issue_refund', set: { amount: 40 } } },
          { user: 'did it go through?' },
        ],
      },
    });
    expect(parsed.input.turns[1]).toMatchObject({ approval: { roles: ['approver'] } });
  });

  it('need at least one user message', () => {
    expect(
      chatCaseSchema.safeParse({
        id: 'x',
        fixture: { scenario: 'store' },
        input: { turns: [{ approval: { action: 'reject', tool: 'issue_refund' } }] },
      }).success,
    ).toBe(false);
  });
});

describe('copilot eval DIR: suite paths', () => {
  it('walks directories recursively in name order, keeps files as given, and refuses an empty directory', async () => {
    const root = await mkdtemp(join(tmpdir(), 'suites-'));
    await mkdir(join(root, 'b'));
    await mkdir(join(root, '.hidden'));
    await writeFile(join(root, 'b', 'z.yaml'), '');
    await writeFile(join(root, 'a.json'), '');
    await writeFile(join(root, 'notes.md'), '');
    await writeFile(join(root, '.hidden', 'x.yaml'), '');
    expect(await expandSuitePaths([root, 'other.yaml'])).toEqual([join(root, 'a.json'), join(root, 'b', 'z.yaml'), 'other.yaml']);
    await mkdir(join(root, 'empty'));
    await expect(expandSuitePaths([join(root, 'empty')])).rejects.toThrow(/holds no suite file/);
  });
});
