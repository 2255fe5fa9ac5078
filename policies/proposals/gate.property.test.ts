import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decide } from '../decide.ts';
import { applyPolicy, getActivePolicy } from '../policy-store.ts';
import { countRows } from '../testing/fixtures.ts';
import { createPolicyTestContext, type PolicyTestContext } from '../testing/policy-test-context.ts';
import { testIssueRefund } from '../testing/test-tools.ts';
import { approveProposal } from './approve-proposal.ts';
import { invokeTool } from './invoke-tool.ts';
import { ROLES, type Role } from '../../core/identity/roles.ts';

const decisions = ['allow', 'require_approval', 'deny'] as const;

/** Random policies over the refund tool: thresholds, tiers, roles, origins, decisions, in random order. */
const ruleArbitrary = fc.record({
  decision: fc.constantFrom(...decisions),
  tool: fc.constantFrom('test_issue_refund', 'test_*', '*'),
  amountOp: fc.constantFrom('lt', 'lte', 'gt', 'gte', 'none'),
  amount: fc.integer({ min: 0, max: 2000 }),
  role: fc.option(fc.subarray([...ROLES], { minLength: 1 }), { nil: undefined }),
  origin: fc.option(fc.constantFrom('user', 'agent', 'mcp'), { nil: undefined }),
});
const policyArbitrary = fc.array(ruleArbitrary, { minLength: 0, maxLength: 5 }).map((rules) => {
  const lines = ['format: 1', 'authority: { approver: 500 }', 'rules:'];
  rules.forEach((rule, index) => {
    lines.push(`  - id: r${index}`, `    tool: "${rule.tool}"`, `    decision: ${rule.decision}`, `    reason: rule ${index}`);
    const when: string[] = [];
    if (rule.amountOp !== 'none') when.push(`      amount: { ${rule.amountOp}: ${rule.amount} }`);
    if (rule.role) when.push(`      role: [${rule.role.join(', ')}]`);
    if (rule.origin) when.push(`      origin: ${rule.origin}`);
    if (when.length) lines.push('    when:', ...when);
  });
  return rules.length ? lines.join('\n') : 'format: 1\n';
});

describe('policy gate properties', () => {
  let ctx: PolicyTestContext;

  beforeAll(async () => {
    ctx = await createPolicyTestContext({ policy: null });
  });
  afterAll(() => ctx.db.close());

  it('never executes a call the policy denies, whatever the policy and input', async () => {
    await fc.assert(
      fc.asyncProperty(
        policyArbitrary,
        fc.integer({ min: 1, max: 1999 }),
        fc.constantFrom<Role[]>(['rep'], ['approver'], ['admin'], ['integration'], ['rep', 'approver']),
        fc.constantFrom('user' as const, 'agent' as const, 'mcp' as const),
        async (source, amount, roles, origin) => {
          await applyPolicy(ctx.db, ctx.tenant.id, source);
          const principal = roles.includes('approver') ? ctx.approver2 : roles.includes('admin') ? ctx.admin : ctx.rep;
          const caller = { ...principal, roles };
          const before = await countRows(ctx.db, ctx.tenant.id, 'test_refunds');
          const outcome = await invokeTool(ctx.db, ctx.registry, {
            principal: caller,
            tool: 'test_issue_refund',
            args: { orderRef: 'A-1', amount: amount / 100 },
            origin: { kind: origin },
          });
          const after = await countRows(ctx.db, ctx.tenant.id, 'test_refunds');
          // The pure decision on the same facts agrees with what the gate did.
          const policy = await getActivePolicy(ctx.db, ctx.tenant.id);
          const expected = decide(policy, {
            toolName: 'test_issue_refund',
            tool: testIssueRefund,
            args: { orderRef: 'A-1', amount: amount / 100 },
            facts: { amount: amount / 100 },
            callerRoles: roles,
            origin,
            now: new Date(),
            timezone: 'UTC',
          });
          expect(outcome.decision).toBe(expected.decision);
          if (outcome.decision === 'deny') {
            expect(outcome.status).toBe('denied');
            expect(after).toBe(before);
            if (outcome.proposalId) {
              await expect(approveProposal(ctx.db, ctx.registry, ctx.admin, outcome.proposalId)).rejects.toMatchObject({
                code: 'conflict',
              });
              expect(await countRows(ctx.db, ctx.tenant.id, 'test_refunds')).toBe(before);
            }
          }
          if (outcome.status === 'executed') {
            expect(outcome.decision).toBe('allow');
            expect(after).toBe(before + 1);
          } else {
            expect(after).toBe(before);
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('always denies unknown tools and runs nothing', async () => {
    const known = new Set(ctx.registry.list().map((tool) => tool.name));
    const before = await countRows(ctx.db, ctx.tenant.id, 'test_refunds');
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 80 }),
          fc.constantFrom('test_issue_refund ', 'TEST_ISSUE_REFUND', 'test_issue_refund\u0000', '*', 'test_*', '__proto__', 'constructor'),
        ),
        fc.jsonValue(),
        async (name, args) => {
          fc.pre(!known.has(name));
          const outcome = await invokeTool(ctx.db, ctx.registry, { principal: ctx.admin, tool: name, args, origin: { kind: 'mcp' } });
          expect(outcome.decision).toBe('deny');
          expect(['denied', 'failed']).toContain(outcome.status);
          expect(outcome.result).toBeUndefined();
        },
      ),
      { numRuns: 60 },
    );
    expect(await countRows(ctx.db, ctx.tenant.id, 'test_refunds')).toBe(before);
  });

  it('never executes arguments outside the schema', async () => {
    await applyPolicy(ctx.db, ctx.tenant.id, 'format: 1\nrules:\n  - { id: everything, tool: "*", decision: allow, reason: Allow all. }\n');
    const before = await countRows(ctx.db, ctx.tenant.id, 'test_refunds');
    const nearMisses = fc.oneof(
      fc.anything(),
      fc.record({ orderRef: fc.anything(), amount: fc.anything() }),
      fc.record({ orderRef: fc.constant('A-2'), amount: fc.oneof(fc.double(), fc.string(), fc.constant(null), fc.bigInt()) }),
      fc.record({ orderRef: fc.constant('A-2'), amount: fc.constant(5), extra: fc.jsonValue() }),
    );
    await fc.assert(
      fc.asyncProperty(nearMisses, async (args) => {
        fc.pre(!testIssueRefund.input.safeParse(args).success);
        const outcome = await invokeTool(ctx.db, ctx.registry, {
          principal: ctx.rep,
          tool: 'test_issue_refund',
          args,
          origin: { kind: 'agent' },
        });
        expect(outcome).toMatchObject({ status: 'failed', error: { code: 'validation_failed' } });
        expect(outcome.proposalId).toBeUndefined();
      }),
      { numRuns: 80 },
    );
    expect(await countRows(ctx.db, ctx.tenant.id, 'test_refunds')).toBe(before);
  });

  it('never lets a rep or the proposer approve, whatever the amount', async () => {
    await applyPolicy(ctx.db, ctx.tenant.id, 'format: 1\n');
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 1500 }), async (amount) => {
        const outcome = await invokeTool(ctx.db, ctx.registry, {
          principal: ctx.approver2,
          tool: 'test_issue_refund',
          args: { orderRef: 'A-3', amount },
          origin: { kind: 'user' },
        });
        expect(outcome.status).toBe('pending_approval');
        await expect(approveProposal(ctx.db, ctx.registry, ctx.rep, outcome.proposalId!)).rejects.toMatchObject({ code: 'forbidden' });
        await expect(approveProposal(ctx.db, ctx.registry, ctx.approver2, outcome.proposalId!)).rejects.toMatchObject({
          code: 'forbidden',
        });
      }),
      { numRuns: 15 },
    );
  });
});
