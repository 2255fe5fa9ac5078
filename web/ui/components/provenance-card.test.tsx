import { describe, expect, it } from 'vitest';
import { isProvenanceFact, ProvenanceCard, provenanceView } from './provenance-card.tsx';

const evidence = {
  amount: 30,
  overCapturedAmount: 30,
  provenance: 'untrusted',
  provenanceTrigger: 'untrusted',
  provenanceReason: 'may come from untrusted text: issue_refund is asked for in get_order result (untrustedNotes)',
  'provenance.order': 'trusted',
  'provenance.amount': 'untrusted: get_order result (untrustedNotes)',
  'provenance.reason': 'model',
};

describe('provenance card', () => {
  it('reads the provenance the gate recorded with the evidence', () => {
    expect(provenanceView(evidence)).toEqual({
      untrusted: true,
      trigger: 'untrusted',
      reason: evidence.provenanceReason,
      arguments: [
        { path: 'order', origin: 'trusted' },
        { path: 'amount', origin: 'untrusted: get_order result (untrustedNotes)' },
        { path: 'reason', origin: 'model' },
      ],
    });
    expect(provenanceView({ amount: 30 })).toBeUndefined();
    expect(Object.keys(evidence).filter((name) => !isProvenanceFact(name))).toEqual(['amount', 'overCapturedAmount']);
  });

  it('shows the approver why and where each argument came from', async () => {
    const html = String(await (<ProvenanceCard view={provenanceView(evidence)!} />));
    expect(html).toContain('data-provenance="untrusted"');
    expect(html).toContain('untrusted source');
    expect(html).toContain(
      'Asked for by untrusted text. This call may come from untrusted text: issue_refund is asked for in get_order result (untrustedNotes).',
    );
    expect(html).toContain('copied from untrusted get_order result (untrustedNotes)');
    expect(html).toContain('chosen or computed by the model');
    const trusted = String(
      await (
        <ProvenanceCard
          view={
            provenanceView({ provenance: 'trusted', provenanceTrigger: 'person', provenanceReason: 'x', 'provenance.order': 'trusted' })!
          }
        />
      ),
    );
    expect(trusted).toContain('trusted input');
    expect(trusted).toMatch(/Asked for by the signed-in person(?:'|&#39;)s own words\./);
  });
});
