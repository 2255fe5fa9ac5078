import { describe, expect, it } from 'vitest';
import { parsePolicySource, PolicyValidationError, validatePolicySource } from './parse-policy.ts';
import { readSamplePolicy } from './samples/sample-policy.ts';

const issuesOf = (source: string) => {
  const result = validatePolicySource(source);
  if (result.ok) throw new Error('expected the policy to be invalid');
  return result.issues;
};

describe('policy documents', () => {
  it('accepts the shipped sample policy', () => {
    const document = parsePolicySource(readSamplePolicy());
    expect(document.rules.length).toBeGreaterThan(10);
    expect(document.authority).toEqual({ approver: 500, admin: null });
    expect(document.proposalTtlHours).toBe(72);
  });

  it('takes key channels in the forecasting section as channel codes, each once', () => {
    expect(parsePolicySource('format: 1\nforecasting:\n  keyChannels: [amazon, b2b_portal]\n').forecasting.keyChannels).toEqual([
      'amazon',
      'b2b_portal',
    ]);
    expect(
      issuesOf('format: 1\nforecasting:\n  keyChannels: [Amazon]\n')
        .map((issue) => `${issue.path}: ${issue.message}`)
        .join('\n'),
    ).toMatch(/keyChannels/);
    expect(
      issuesOf('format: 1\nforecasting:\n  keyChannels: [amazon, amazon]\n')
        .map((issue) => issue.message)
        .join('\n'),
    ).toMatch(/each key channel once/);
  });

  it('fills in defaults for a minimal document', () => {
    expect(parsePolicySource('format: 1\n')).toEqual({
      format: 1,
      proposalTtlHours: 72,
      defaults: { writeApproverRole: 'approver' },
      authority: {},
      rules: [],
      forecasting: {
        serviceLevel: 0.9,
        stockoutAlertConfidence: 0.9,
        horizonDays: 14,
        defaultLeadTimeDays: 10,
        lateShipmentThreshold: 0.6,
        intervalLevel: 0.9,
        keyChannels: [],
      },
      routing: { defaultQueue: 'ops', queues: [], rules: [], escalation: { exceptions: [], proposals: [] } },
      costs: { perShipment: 0, perUnit: 0, perReturn: 0 },
    });
  });

  it('refuses a negative or unknown cost setting, naming it', () => {
    expect(() => parsePolicySource('format: 1\ncosts:\n  perShipment: -1\n')).toThrow(/costs\.perShipment/);
    expect(() => parsePolicySource('format: 1\ncosts:\n  perPallet: 3\n')).toThrow(/perPallet/);
  });

  it('names the line and field of a bad value', () => {
    const source = [
      'format: 1',
      'rules:',
      '  - id: refund-small',
      '    tool: issue_refund',
      '    decision: allow',
      '    reason: ok',
      '  - id: refund-big',
      '    tool: issue_refund',
      '    decision: maybe',
      '    reason: hmm',
    ].join('\n');
    const issues = issuesOf(source);
    expect(issues).toEqual([expect.objectContaining({ path: 'rules[1].decision', line: 9, column: 15 })]);
    expect(() => parsePolicySource(source)).toThrow(PolicyValidationError);
    expect(() => parsePolicySource(source)).toThrow(/line 9: rules\[1\]\.decision/);
  });

  it('names an unknown key (a typo) on its own line', () => {
    const issues = issuesOf(['format: 1', 'rules:', '  - id: r1', '    tool: "*"', '    decison: deny', '    reason: no'].join('\n'));
    expect(issues).toContainEqual(expect.objectContaining({ path: 'rules[0].decison', line: 5 }));
    expect(issues).toContainEqual(expect.objectContaining({ path: 'rules[0].decision', line: 3 }));
  });

  it('reports a missing field at its parent, and checks conditions', () => {
    const issues = issuesOf(
      [
        'format: 1',
        'timezone: Mars/Olympus',
        'rules:',
        '  - id: r1',
        '    tool: issue_refund',
        '    decision: require_approval',
        '    when:',
        '      amount: { lte: 50, wat: 1 }',
        '      timeOfDay: { between: ["25:00", "06:00"] }',
        '  - id: r2',
        '    tool: refund everything',
        '    decision: allow',
        '    reason: dup',
      ].join('\n'),
    );
    expect(issues.map((issue) => [issue.path, issue.line])).toEqual([
      ['timezone', 2],
      ['rules[0].when.amount.wat', 8],
      ['rules[0].when.timeOfDay.between[0]', 9],
      ['rules[0].reason', 4],
      ['rules[1].tool', 11],
    ]);
  });

  it('checks rules against each other and budgets against decisions', () => {
    const issues = issuesOf(
      [
        'format: 1',
        'rules:',
        '  - id: r1',
        '    tool: issue_refund',
        '    decision: require_approval',
        '    reason: needs a person',
        '    budget: { per: hour, maxCalls: 3 }',
        '  - id: r1',
        '    tool: "*"',
        '    decision: deny',
        '    approverRole: admin',
        '    reason: dup',
      ].join('\n'),
    );
    expect(issues).toEqual([
      expect.objectContaining({ path: 'rules[0].budget', line: 7, message: expect.stringMatching(/only to rules that allow/) }),
      expect.objectContaining({ path: 'rules[1].approverRole', line: 11 }),
      expect.objectContaining({ path: 'rules[1].id', line: 8, message: expect.stringMatching(/duplicate rule id r1/) }),
    ]);
    const duplicate = issuesOf(
      [
        'format: 1',
        'rules:',
        '  - { id: r1, tool: a, decision: deny, reason: x }',
        '  - { id: r1, tool: b, decision: deny, reason: y }',
      ].join('\n'),
    );
    expect(duplicate).toEqual([
      expect.objectContaining({ path: 'rules[1].id', line: 4, message: expect.stringMatching(/duplicate rule id r1/) }),
    ]);
  });

  it('reports YAML syntax errors with their line', () => {
    const issues = issuesOf('format: 1\nrules:\n  - id: x\n   tool: [unclosed\n');
    expect(issues[0]!.path).toBe('(yaml)');
    expect(issues[0]!.line).toBeGreaterThanOrEqual(3);
  });

  it('refuses a NUL or an unpaired surrogate with its line and column (the source is stored as text)', () => {
    for (const [source, message] of [
      ['version: 1\nrules:\n  - id: a\u0000b\n', /NUL/],
      ['version: 1\n# note \ud800\n', /surrogate/],
    ] as const) {
      const result = validatePolicySource(source);
      expect(result.ok).toBe(false);
      if (result.ok) continue;
      expect(result.issues).toEqual([
        { path: '(yaml)', message: expect.stringMatching(message), line: source.includes('rules') ? 3 : 2, column: expect.any(Number) },
      ]);
    }
  });

  it('rejects duplicate keys and alias bombs', () => {
    expect(issuesOf('format: 1\nformat: 1\n')[0]).toMatchObject({ path: '(yaml)', line: 2 });
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'format: 1',
    ].join('\n');
    expect(validatePolicySource(bomb).ok).toBe(false);
  });
});
