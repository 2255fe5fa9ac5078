import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../core/identity/roles.ts';
import { buildDefaultRegistry } from '../tools/registry.ts';
import type { ToolFacts } from '../tools/tool.ts';
import { decide, DEFAULT_RULES, type ActivePolicy } from './decide.ts';
import type { BudgetUsage, DecisionInput, ToolDescriptor } from './decision-context.ts';
import { parsePolicySource } from './parse-policy.ts';
import { BUILT_IN_POLICY } from './policy-document.ts';
import { readSamplePolicy } from './samples/sample-policy.ts';
import { TEST_TOOLS } from './testing/test-tools.ts';

const builtIn: ActivePolicy = { version: 0, document: BUILT_IN_POLICY };
const sample: ActivePolicy = { version: 3, document: parsePolicySource(readSamplePolicy()) };
const NOON_UTC = new Date('2030-01-02T12:00:00Z');

const input = (tool: ToolDescriptor | undefined, overrides: Partial<DecisionInput> = {}): DecisionInput => ({
  toolName: tool?.name ?? 'unknown',
  tool,
  args: {},
  facts: {},
  callerRoles: ['rep'],
  origin: 'user',
  now: NOON_UTC,
  timezone: 'UTC',
  ...overrides,
});

// Every registered tool — the real catalog once it lands, plus the test tools — against every role.
const registeredTools: ToolDescriptor[] = [...buildDefaultRegistry().list(), ...TEST_TOOLS];

describe('decide: every tool × every role × built-in and sample policy', () => {
  const cases = registeredTools.flatMap((tool) => ROLES.map((role) => ({ tool, role })));

  it.each(cases.map(({ tool, role }) => [tool.name, role, tool] as const))('%s called by %s', (_name, role, tool) => {
    const holds = tool.roles.includes(role as Role);
    for (const policy of [builtIn, sample]) {
      const decision = decide(policy, input(tool, { callerRoles: [role as Role] }));
      expect(decision.policyVersion).toBe(policy.version);
      expect(decision.reason.length).toBeGreaterThan(0);
      if (!holds) {
        expect(decision).toMatchObject({ decision: 'deny', ruleId: DEFAULT_RULES.role });
        continue;
      }
      if (policy === builtIn) {
        expect(decision).toMatchObject(
          tool.kind === 'read'
            ? { decision: 'allow', ruleId: DEFAULT_RULES.read }
            : { decision: 'require_approval', ruleId: DEFAULT_RULES.write, approverRole: 'approver' },
        );
        continue;
      }
      const rule = policy.document.rules.find((candidate) => candidate.id === decision.ruleId);
      if (!rule) {
        expect(decision.ruleId).toBe(tool.kind === 'read' ? DEFAULT_RULES.read : DEFAULT_RULES.write);
      } else if (decision.decision === 'allow') {
        // An allow only ever comes from an allow rule (never from a default for a write).
        expect(rule.decision).toBe('allow');
      }
      if (tool.kind === 'read') expect(decision.decision).not.toBe('require_approval');
      if (decision.decision === 'require_approval') expect(['approver', 'admin']).toContain(decision.approverRole);
    }
  });

  it('denies unknown tools under every policy', () => {
    for (const policy of [builtIn, sample]) {
      expect(decide(policy, input(undefined, { toolName: 'rm_rf', callerRoles: ['admin'] }))).toMatchObject({
        decision: 'deny',
        ruleId: DEFAULT_RULES.unknownTool,
      });
    }
  });
});

const writeTool = (name: string): ToolDescriptor => ({
  name,
  kind: 'write',
  risk: 'medium',
  roles: ['rep', 'approver', 'admin', 'integration'],
});
const usage = (hour: { calls: number; amount: number }): BudgetUsage => ({ minute: { calls: 0, amount: 0 }, hour, day: hour });

interface Row {
  name: string;
  tool: string;
  facts?: ToolFacts;
  args?: unknown;
  roles?: Role[];
  origin?: DecisionInput['origin'];
  now?: Date;
  timezone?: string;
  usage?: BudgetUsage;
  exceptionType?: string;
  expect: { decision: string; ruleId: string; approverRole?: string };
}

const rows: Row[] = [
  {
    name: 'small refund is automatic',
    tool: 'issue_refund',
    facts: { amount: 30, cumulativeRefundAmount: 30 },
    expect: { decision: 'allow', ruleId: 'refund-small-auto' },
  },
  {
    name: 'a field from arguments when facts lack it',
    tool: 'issue_refund',
    args: { cumulativeRefundAmount: 30 },
    expect: { decision: 'allow', ruleId: 'refund-small-auto' },
  },
  {
    name: 'refund budget by count',
    tool: 'issue_refund',
    facts: { amount: 30, cumulativeRefundAmount: 30 },
    usage: usage({ calls: 10, amount: 100 }),
    expect: { decision: 'require_approval', ruleId: 'refund-small-auto', approverRole: 'approver' },
  },
  {
    name: 'refund budget by value',
    tool: 'issue_refund',
    facts: { amount: 30, cumulativeRefundAmount: 30 },
    usage: usage({ calls: 2, amount: 290 }),
    expect: { decision: 'require_approval', ruleId: 'refund-small-auto', approverRole: 'approver' },
  },
  {
    name: 'a small refund on top of earlier ones in the window meets the band of their sum',
    tool: 'issue_refund',
    facts: { amount: 30, refundedLast30Days: 50, cumulativeRefundAmount: 80 },
    expect: { decision: 'require_approval', ruleId: 'refund-approver', approverRole: 'approver' },
  },
  {
    name: 'mid refund needs approver',
    tool: 'issue_refund',
    facts: { amount: 200, cumulativeRefundAmount: 200 },
    expect: { decision: 'require_approval', ruleId: 'refund-approver', approverRole: 'approver' },
  },
  {
    name: 'large refund needs admin',
    tool: 'issue_refund',
    facts: { amount: 800, cumulativeRefundAmount: 800 },
    expect: { decision: 'require_approval', ruleId: 'refund-admin', approverRole: 'admin' },
  },
  {
    name: 'credit hold blocks automatic refund',
    tool: 'issue_refund',
    facts: { amount: 30, cumulativeRefundAmount: 30, creditStatus: 'on_hold' },
    expect: { decision: 'require_approval', ruleId: 'refund-blocked-credit-hold', approverRole: 'admin' },
  },
  {
    name: 'MCP integration cannot move money (deny beats an earlier allow)',
    tool: 'issue_refund',
    facts: { amount: 30, cumulativeRefundAmount: 30 },
    roles: ['integration'],
    origin: 'mcp',
    expect: { decision: 'deny', ruleId: 'integrations-no-money' },
  },
  {
    name: 'MCP with an approver key may',
    tool: 'issue_refund',
    facts: { amount: 30, cumulativeRefundAmount: 30 },
    roles: ['approver'],
    origin: 'mcp',
    expect: { decision: 'allow', ruleId: 'refund-small-auto' },
  },
  {
    name: 'an ERP duplicate (409) is never retried',
    tool: 'retry_erp_sync',
    facts: { erpErrorCode: 'ERP-409', retryable: false },
    expect: { decision: 'deny', ruleId: 'erp-retry-duplicate-never' },
  },
  {
    name: 'an ERP validation error (422) is retried only after an approver confirms the fix',
    tool: 'retry_erp_sync',
    facts: { erpErrorCode: 'ERP-422', retryable: false },
    expect: { decision: 'require_approval', ruleId: 'erp-retry-fix-first', approverRole: 'approver' },
  },
  {
    name: 'an ERP timeout (503) is retried at once',
    tool: 'retry_erp_sync',
    facts: { erpErrorCode: 'ERP-503', retryable: true },
    expect: { decision: 'allow', ruleId: 'erp-retry' },
  },
  {
    name: 'large inventory adjustment',
    tool: 'adjust_inventory',
    facts: { quantity: 150 },
    expect: { decision: 'require_approval', ruleId: 'inventory-large-adjustment', approverRole: 'admin' },
  },
  {
    name: 'small inventory adjustment',
    tool: 'adjust_inventory',
    facts: { quantity: 20 },
    expect: { decision: 'require_approval', ruleId: 'inventory-adjustment', approverRole: 'approver' },
  },
  {
    name: 'price below cost',
    tool: 'override_price',
    facts: { newPrice: 8, unitCost: 10 },
    expect: { decision: 'deny', ruleId: 'price-below-cost' },
  },
  {
    name: 'price above cost',
    tool: 'override_price',
    facts: { newPrice: 12, unitCost: 10 },
    expect: { decision: 'require_approval', ruleId: 'price-override', approverRole: 'approver' },
  },
  {
    name: 'price without a known cost still needs approval',
    tool: 'override_price',
    facts: { newPrice: 1 },
    expect: { decision: 'require_approval', ruleId: 'price-override', approverRole: 'approver' },
  },
  {
    name: 'credit release within approver authority',
    tool: 'release_credit_hold',
    facts: { amount: 1500 },
    expect: { decision: 'require_approval', ruleId: 'credit-release', approverRole: 'approver' },
  },
  {
    name: 'credit release above approver authority',
    tool: 'release_credit_hold',
    facts: { amount: 3000 },
    expect: { decision: 'require_approval', ruleId: 'credit-release', approverRole: 'admin' },
  },
  { name: 'ERP retry is automatic', tool: 'retry_erp_sync', expect: { decision: 'allow', ruleId: 'erp-retry' } },
  {
    name: 'ERP retry past its budget',
    tool: 'retry_erp_sync',
    usage: usage({ calls: 20, amount: 0 }),
    expect: { decision: 'require_approval', ruleId: 'erp-retry', approverRole: 'approver' },
  },
  {
    name: 'backorder notice in business hours (tenant time)',
    tool: 'send_backorder_notice',
    now: new Date('2030-01-02T14:00:00Z'),
    timezone: 'America/New_York',
    expect: { decision: 'allow', ruleId: 'backorder-notice-business-hours' },
  },
  {
    name: 'backorder notice at night (tenant time)',
    tool: 'send_backorder_notice',
    now: new Date('2030-01-03T02:00:00Z'),
    timezone: 'America/New_York',
    expect: { decision: 'require_approval', ruleId: DEFAULT_RULES.write, approverRole: 'approver' },
  },
  {
    name: 'hold release after duplicate screening',
    tool: 'release_order_hold',
    exceptionType: 'duplicate_order',
    expect: { decision: 'require_approval', ruleId: 'order-hold-release-fraud', approverRole: 'admin' },
  },
  {
    name: 'hold release otherwise',
    tool: 'release_order_hold',
    exceptionType: 'payment_mismatch',
    expect: { decision: 'require_approval', ruleId: DEFAULT_RULES.write, approverRole: 'approver' },
  },
  { name: 'place hold is automatic', tool: 'place_order_hold', expect: { decision: 'allow', ruleId: 'order-hold-place' } },
  {
    name: 'large purchase order',
    tool: 'create_purchase_order',
    facts: { amount: 20_000 },
    expect: { decision: 'require_approval', ruleId: 'purchase-order-large', approverRole: 'admin' },
  },
  {
    name: 'write tool without a rule',
    tool: 'correct_shipping_address',
    expect: { decision: 'require_approval', ruleId: DEFAULT_RULES.write, approverRole: 'approver' },
  },
];

describe('decide: sample policy rules', () => {
  it.each(rows.map((row) => [row.name, row] as const))('%s', (_name, row) => {
    const decision = decide(
      sample,
      input(writeTool(row.tool), {
        facts: row.facts ?? {},
        args: row.args ?? {},
        callerRoles: row.roles ?? ['rep'],
        origin: row.origin ?? 'user',
        now: row.now ?? NOON_UTC,
        timezone: row.timezone ?? 'UTC',
        ...(row.usage ? { usage: row.usage } : {}),
        ...(row.exceptionType ? { exceptionType: row.exceptionType } : {}),
      }),
    );
    expect(decision).toMatchObject({ ...row.expect, policyVersion: 3 });
    if (row.expect.decision !== 'require_approval') expect(decision.approverRole).toBeUndefined();
  });

  it('denies an amount above every role’s authority', () => {
    const strict: ActivePolicy = {
      version: 1,
      document: parsePolicySource('format: 1\nauthority: { approver: 100, admin: 1000 }\n'),
    };
    expect(decide(strict, input(writeTool('issue_refund'), { facts: { amount: 50 } }))).toMatchObject({
      decision: 'require_approval',
      approverRole: 'approver',
    });
    expect(decide(strict, input(writeTool('issue_refund'), { facts: { amount: 500 } }))).toMatchObject({
      decision: 'require_approval',
      approverRole: 'admin',
    });
    expect(decide(strict, input(writeTool('issue_refund'), { facts: { amount: 5000 } }))).toMatchObject({
      decision: 'deny',
      ruleId: DEFAULT_RULES.write,
    });
  });

  it('turns a read rule that requires approval into a deny', () => {
    const policy: ActivePolicy = {
      version: 1,
      document: parsePolicySource('format: 1\nrules:\n  - { id: kpi, tool: get_kpis, decision: require_approval, reason: Sensitive. }\n'),
    };
    const read: ToolDescriptor = { name: 'get_kpis', kind: 'read', risk: 'none', roles: ['rep'] };
    expect(decide(policy, input(read))).toMatchObject({ decision: 'deny', ruleId: 'kpi' });
  });

  it('matches globs and kinds', () => {
    const policy: ActivePolicy = {
      version: 1,
      document: parsePolicySource(
        'format: 1\nrules:\n  - { id: night, tool: "*", kind: write, when: { timeOfDay: { between: ["22:00", "06:00"] } }, decision: deny, reason: No writes at night. }\n  - { id: holds, tool: "*_order_hold", decision: allow, reason: Holds are fine. }\n',
      ),
    };
    const at = (iso: string, name: string) => decide(policy, input(writeTool(name), { now: new Date(iso) })).ruleId;
    expect(at('2030-01-02T23:30:00Z', 'place_order_hold')).toBe('night');
    expect(at('2030-01-02T05:59:00Z', 'issue_refund')).toBe('night');
    expect(at('2030-01-02T12:00:00Z', 'place_order_hold')).toBe('holds');
    expect(at('2030-01-02T12:00:00Z', 'release_order_hold')).toBe('holds');
    expect(at('2030-01-02T12:00:00Z', 'place_order_holds')).toBe(DEFAULT_RULES.write);
  });
});

describe('decide: properties', () => {
  const decisionArbitrary = fc.constantFrom('allow' as const, 'require_approval' as const, 'deny' as const);
  const rulesArbitrary = fc.array(
    fc.record({
      decision: decisionArbitrary,
      threshold: fc.integer({ min: 0, max: 1000 }),
      tool: fc.constantFrom('issue_refund', '*', 'issue_*', 'other'),
    }),
    { maxLength: 6 },
  );
  const toDocument = (rules: Array<{ decision: string; threshold: number; tool: string }>, extra = '') =>
    parsePolicySource(
      `format: 1\nrules:\n${extra}${rules.map((rule, index) => `  - { id: r${index}, tool: "${rule.tool}", decision: ${rule.decision}, when: { amount: { gte: ${rule.threshold} } }, reason: r${index} }\n`).join('')}` +
        (rules.length || extra ? '' : '  []\n'),
    );

  it('an unconditional deny for a tool wins wherever it stands among the rules', () => {
    fc.assert(
      fc.property(rulesArbitrary, fc.integer({ min: 0, max: 2000 }), fc.nat(), (rules, amount, position) => {
        const document = toDocument(rules);
        const deny = parsePolicySource('format: 1\nrules:\n  - { id: never, tool: issue_refund, decision: deny, reason: No. }\n').rules[0]!;
        document.rules.splice(position % (document.rules.length + 1), 0, deny);
        const decision = decide({ version: 1, document }, input(writeTool('issue_refund'), { facts: { amount } }));
        expect(decision.decision).toBe('deny');
        expect(document.rules.find((rule) => rule.id === decision.ruleId)!.decision).toBe('deny');
      }),
    );
  });

  it('never allows a write without an allow rule that matched, and never lets a caller without the tool’s roles through', () => {
    fc.assert(
      fc.property(rulesArbitrary, fc.integer({ min: 0, max: 2000 }), fc.constantFrom(...ROLES), (rules, amount, role) => {
        const document = toDocument(rules);
        const tool: ToolDescriptor = { name: 'issue_refund', kind: 'write', risk: 'high', roles: ['approver', 'admin'] };
        const decision = decide({ version: 1, document }, input(tool, { facts: { amount }, callerRoles: [role] }));
        if (!tool.roles.includes(role)) expect(decision).toMatchObject({ decision: 'deny', ruleId: DEFAULT_RULES.role });
        if (decision.decision === 'allow') {
          const rule = document.rules.find((candidate) => candidate.id === decision.ruleId)!;
          expect(rule.decision).toBe('allow');
          expect(amount).toBeGreaterThanOrEqual((rule.when!.amount as { gte: number }).gte);
        }
      }),
    );
  });
});

describe('decide: a write whose provenance is untrusted is never allowed', () => {
  const bundled: Array<[string, ActivePolicy]> = [
    ['built-in', builtIn],
    ['sample', sample],
    ...['runbook-aligned', 'acme-industrial', 'brightside'].map(
      (name) =>
        [
          name,
          { version: 1, document: parsePolicySource(readFileSync(new URL(`../eval/policies/${name}.yaml`, import.meta.url), 'utf8')) },
        ] as [string, ActivePolicy],
    ),
  ];
  const untrusted = {
    untrusted: true,
    reason: 'may come from untrusted text: issue_refund is asked for in get_order result (untrustedNotes)',
    trigger: 'untrusted' as const,
    arguments: { amount: 'trusted' },
    sources: ['get_order result (untrustedNotes)'],
  };
  const writes = registeredTools.filter((tool) => tool.kind === 'write');

  it.each(bundled)('%s policy: any write, amount, role, origin and facts → at most require_approval, saying why', (_name, policy) => {
    fc.assert(
      fc.property(
        fc.constantFrom(...writes),
        fc.double({ min: 0, max: 20_000, noNaN: true }),
        fc.constantFrom<Role[]>(['rep'], ['approver'], ['admin'], ['rep', 'approver']),
        fc.constantFrom('user', 'agent', 'mcp', 'system'),
        fc.constantFrom(undefined, 'payment_mismatch', 'erp_sync_failed', 'shipment_delayed'),
        (tool, amount, roles, origin, exceptionType) => {
          const base = input(tool, {
            args: { amount },
            facts: { amount, ...(exceptionType ? { exceptionType } : {}) },
            callerRoles: roles,
            origin: origin as DecisionInput['origin'],
          });
          const plain = decide(policy, base);
          const guarded = decide(policy, { ...base, provenance: untrusted });
          expect(guarded.decision).not.toBe('allow');
          if (plain.decision === 'deny') expect(guarded).toEqual(plain);
          else {
            expect(guarded.decision).toBe('require_approval');
            expect(guarded.reason).toContain('untrusted text');
            if (plain.decision === 'allow') expect(guarded.ruleId).toBe(DEFAULT_RULES.provenance);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('trusted provenance changes nothing', () => {
    const tool = writes.find((candidate) => candidate.name === 'issue_refund')!;
    const base = input(tool, { args: { amount: 10 }, facts: { amount: 10 } });
    const trusted = {
      ...untrusted,
      untrusted: false,
      reason: 'comes from trusted input (its arguments and trigger)',
      trigger: 'person' as const,
    };
    for (const [, policy] of bundled) expect(decide(policy, { ...base, provenance: trusted })).toEqual(decide(policy, base));
  });
});

describe('decide: a return grade the agent supplies waits for a person', () => {
  it.each(['runbook-aligned', 'acme-industrial', 'brightside'])('%s', (name) => {
    const policy: ActivePolicy = {
      version: 1,
      document: parsePolicySource(readFileSync(new URL(`../eval/policies/${name}.yaml`, import.meta.url), 'utf8')),
    };
    const restock = (origin: DecisionInput['origin'], gradeGiven: string | null) =>
      decide(
        policy,
        input(writeTool('set_return_disposition'), { origin, facts: { disposition: 'restock', grades: gradeGiven, gradeGiven } }),
      );
    expect(restock('agent', 'A')).toMatchObject({ decision: 'require_approval', ruleId: 'return-disposition-agent-grade' });
    // The inspector's own grade (recorded, or given by a person) keeps the policy's ordinary rule.
    expect(restock('agent', null)).toMatchObject({ decision: 'allow', ruleId: 'return-disposition' });
    expect(restock('user', 'A')).toMatchObject({ decision: 'allow' });
  });
});
