import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { withTenant } from '../core/db/tenant-scope.ts';
import { policyDocumentSchema } from './policy-document.ts';
import { applyPolicy, applyPolicyIn, getActivePolicy, loadActivePolicy } from './policy-store.ts';
import { invokeTool } from './proposals/invoke-tool.ts';
import { createPolicyTestContext, type PolicyTestContext } from './testing/policy-test-context.ts';

const policy = (decision: 'allow' | 'deny', reason: string) =>
  `format: 1\nrules:\n  - { id: refunds-${decision}, tool: test_issue_refund, decision: ${decision}, reason: "${reason}" }\n  - { id: notes, tool: test_add_note, decision: allow, reason: Notes. }\n`;

describe('the policy in force, parsed once per version', () => {
  let ctx: PolicyTestContext;
  const refund = (amount: number) =>
    invokeTool(ctx.db, ctx.registry, {
      principal: ctx.rep,
      tool: 'test_issue_refund',
      args: { orderRef: 'A-1', amount },
      origin: { kind: 'user', ref: 'test' },
    });

  beforeAll(async () => {
    ctx = await createPolicyTestContext({ policy: policy('deny', 'No refunds.') });
  });
  afterAll(() => ctx.db.close());

  it('a newly applied version governs the very next call, whichever way it turns', async () => {
    expect(await refund(5)).toMatchObject({ decision: 'deny', policyVersion: 1 });
    expect(await refund(6)).toMatchObject({ decision: 'deny', policyVersion: 1 });
    await applyPolicy(ctx.db, ctx.tenant.id, policy('allow', 'Refunds run.'));
    expect(await refund(7)).toMatchObject({ decision: 'allow', status: 'executed', policyVersion: 2 });
    // Back to denying: the version parsed a moment ago must not answer for the one now in force.
    await applyPolicy(ctx.db, ctx.tenant.id, policy('deny', 'Refunds stopped again.'));
    expect(await refund(8)).toMatchObject({ decision: 'deny', status: 'denied', policyVersion: 3, rule: 'refunds-deny' });
  });

  it('parses a version once, however often it is read, and a new version again', async () => {
    const parse = vi.spyOn(policyDocumentSchema, 'parse');
    try {
      const first = await getActivePolicy(ctx.db, ctx.tenant.id);
      const parsedFirst = parse.mock.calls.length;
      for (let i = 0; i < 5; i += 1) expect(await getActivePolicy(ctx.db, ctx.tenant.id)).toBe(first);
      expect(parse.mock.calls.length).toBe(parsedFirst);
      const applied = await applyPolicy(ctx.db, ctx.tenant.id, policy('deny', 'Refunds stopped, reworded.'));
      const next = await getActivePolicy(ctx.db, ctx.tenant.id);
      expect(next.version).toBe(applied.version);
      expect(next.version).toBe(first.version + 1);
      expect(next.document.rules[0]!.reason).toBe('Refunds stopped, reworded.');
    } finally {
      parse.mockRestore();
    }
  });

  it('a version rolled back with its transaction is never in force, though it was read inside it', async () => {
    const before = await getActivePolicy(ctx.db, ctx.tenant.id);
    await expect(
      withTenant(ctx.db, ctx.tenant.id, async (tx) => {
        await applyPolicyIn(tx, ctx.tenant.id, policy('allow', 'Briefly allowed.'));
        const inside = await loadActivePolicy(tx, ctx.tenant.id);
        expect(inside.version).toBe(before.version + 1);
        expect(inside.document.rules[0]!.decision).toBe('allow');
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await getActivePolicy(ctx.db, ctx.tenant.id)).toBe(before);
    expect(await refund(9)).toMatchObject({ decision: 'deny', policyVersion: before.version });
    // The next version takes the rolled-back number with another source: it is read as itself.
    await applyPolicy(ctx.db, ctx.tenant.id, policy('deny', 'Still no refunds.'));
    const next = await getActivePolicy(ctx.db, ctx.tenant.id);
    expect(next.version).toBe(before.version + 1);
    expect(next.document.rules[0]!.reason).toBe('Still no refunds.');
  });

  it('shares a frozen document: no caller can change the policy another caller reads', async () => {
    const active = await getActivePolicy(ctx.db, ctx.tenant.id);
    expect(() => {
      (active.document.rules as unknown as unknown[]).push({ id: 'sneaky' });
    }).toThrow(TypeError);
    expect(() => {
      (active.document.rules[0] as { decision: string }).decision = 'allow';
    }).toThrow(TypeError);
    expect((await getActivePolicy(ctx.db, ctx.tenant.id)).document.rules[0]!.decision).toBe('deny');
  });
});
