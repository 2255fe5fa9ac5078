import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../core/identity/roles.ts';
import type { Proposal } from '../../../policies/index.ts';
import { ApprovalsPage } from './approvals-page.tsx';

const now = new Date('2026-12-06T12:00:00Z');
const principal = { tenantId: 't', userId: 'u', name: 'Ada', roles: ['approver'] } as unknown as Principal;

function proposal(id: string, evidence: Proposal['evidence']): Proposal {
  return {
    id,
    tool: 'issue_refund',
    args: { order: 'H-0102', amount: 45 },
    proposer: { userId: 'a', name: 'copilot-triage-agent', roles: ['rep'] },
    origin: { kind: 'agent' },
    reason: 'A person must approve it',
    approverRole: 'approver',
    amount: 45,
    status: 'pending',
    createdAt: new Date('2026-12-06T11:00:00Z'),
    evidence,
  } as unknown as Proposal;
}

describe('ApprovalsPage', () => {
  it('badges a proposal whose provenance is untrusted, and only that one', async () => {
    const html = String(
      await (
        <ApprovalsPage
          principal={principal}
          filter="pending"
          now={now}
          proposals={[
            proposal('p-untrusted', {
              provenance: 'untrusted',
              provenanceTrigger: 'untrusted',
              provenanceReason: 'is asked for in a note',
            }),
            proposal('p-trusted', { provenance: 'trusted', provenanceTrigger: 'person' }),
            proposal('p-none', {}),
          ]}
        />
      ),
    );
    const rows = html.split('<tr data-proposal-id=').slice(1);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toContain('data-provenance="untrusted"');
    expect(rows[0]).toContain('untrusted source');
    expect(rows[1]).not.toContain('untrusted source');
    expect(rows[2]).not.toContain('untrusted source');
  });
});
