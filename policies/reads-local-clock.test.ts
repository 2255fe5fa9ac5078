import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROLES } from '../core/identity/roles.ts';
import { buildDefaultRegistry } from '../tools/registry.ts';
import { decide, type ActivePolicy } from './decide.ts';
import { parsePolicySource } from './parse-policy.ts';
import { BUILT_IN_POLICY } from './policy-document.ts';
import { readsLocalClock } from './reads-local-clock.ts';
import { readSamplePolicy } from './samples/sample-policy.ts';

const bundled: Array<[string, ActivePolicy]> = [
  ['built-in', { version: 0, document: BUILT_IN_POLICY }],
  ['sample', { version: 3, document: parsePolicySource(readSamplePolicy()) }],
  ...['runbook-aligned', 'acme-industrial', 'brightside'].map(
    (name) =>
      [
        name,
        { version: 1, document: parsePolicySource(readFileSync(new URL(`../eval/policies/${name}.yaml`, import.meta.url), 'utf8')) },
      ] as [string, ActivePolicy],
  ),
];
const tools = buildDefaultRegistry().list();
// Zones far apart, so a rule on the local clock decides differently in some of them at most instants.
const ZONES = ['UTC', 'Pacific/Kiritimati', 'America/Los_Angeles', 'Asia/Kolkata'];

describe('readsLocalClock: the gate skips the time zone only where no decision can depend on it', () => {
  it.each(bundled)('%s policy: a tool it says no for decides the same in every zone', (_name, policy) => {
    const clockFree = tools.filter((tool) => !readsLocalClock(policy, tool));
    expect(clockFree.length).toBeGreaterThan(0);
    fc.assert(
      fc.property(
        fc.constantFrom(...clockFree),
        fc.constantFrom(...ROLES),
        fc.date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2027-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.double({ min: 0, max: 5000, noNaN: true }),
        (tool, role, now, amount) => {
          const decisions = ZONES.map((timezone) =>
            decide(policy, {
              toolName: tool.name,
              tool,
              args: { amount },
              facts: { amount },
              callerRoles: [role],
              origin: 'agent',
              now,
              timezone,
            }),
          );
          for (const decision of decisions) expect(decision).toEqual(decisions[0]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('says yes for a rule on the clock, as a condition or as a value compared with, and no once the document names its zone', () => {
    const source = (extra: string) =>
      parsePolicySource(
        `format: 1\nrules:\n  - id: hours\n    tool: send_backorder_notice\n    decision: allow\n    reason: in hours\n${extra}`,
      );
    const notice = tools.find((tool) => tool.name === 'send_backorder_notice')!;
    const refund = tools.find((tool) => tool.name === 'issue_refund')!;
    const onClock = { version: 1, document: source('    when:\n      timeOfDay: { between: ["08:00", "20:00"] }\n') };
    expect(readsLocalClock(onClock, notice)).toBe(true);
    expect(readsLocalClock(onClock, refund)).toBe(false);
    const byReference = { version: 1, document: source('    when:\n      args.note: { eq: { ref: weekday } }\n') };
    expect(readsLocalClock(byReference, notice)).toBe(true);
    const sample = bundled[1]![1];
    expect(readsLocalClock(sample, notice)).toBe(true);
    const zoned = { version: 2, document: { ...onClock.document, timezone: 'Europe/Berlin' } };
    expect(readsLocalClock(zoned, notice)).toBe(false);
  });
});
