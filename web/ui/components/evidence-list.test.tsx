import { describe, expect, it } from 'vitest';
import { EXCEPTION_TYPES } from '../../../core/exceptions/index.ts';
import { sampleEvidence } from '../../../core/exceptions/testing/evidence-fixtures.ts';
import { EvidenceList, evidenceLabel } from './evidence-list.tsx';

const render = async (element: unknown) => String(await element);

describe('EvidenceList', () => {
  it('lays a payment mismatch out from its schema: money to the cent, the kind in words, payments as a table', async () => {
    const evidence = sampleEvidence('payment_mismatch', {
      kind: 'over_capture',
      netCaptured: 130,
      difference: 30,
      payments: [{ psp: 'stripe', reference: 'pi_1', status: 'captured', captured: 130, refunded: 0 }],
    }).evidence;
    const html = await render(<EvidenceList type="payment_mismatch" evidence={evidence} />);
    expect(html).toContain('<dt data-field="netCaptured">Net captured</dt><dd><span class="num">130.00</span></dd>');
    expect(html).toContain('<dd>over capture</dd>');
    expect(html).toMatch(/<th scope="col">Psp<\/th>.*<td>pi_1<\/td>/s);
    // In the schema's order, not the JSON's.
    expect(html.indexOf('data-field="kind"')).toBeLessThan(html.indexOf('data-field="payments"'));
  });

  it('shows instants as dates and null as a dash', async () => {
    const evidence = sampleEvidence('backorder_aging', { lastNoticeAt: null }).evidence;
    const html = await render(<EvidenceList type="backorder_aging" evidence={evidence} />);
    expect(html).toContain('<dt data-field="lastNoticeAt">Last notice at</dt><dd><span class="muted">—</span></dd>');
    const times = [...html.matchAll(/<time datetime="([^"]+)">([^<]+)<\/time>/g)];
    expect(times.length).toBeGreaterThan(0);
    for (const [, datetime, shown] of times) expect(shown).toBe(`${new Date(datetime!).toISOString().slice(0, 16).replace('T', ' ')} UTC`);
  });

  it('renders every type’s evidence by a layout (both shapes of a union type), each field once', async () => {
    for (const type of EXCEPTION_TYPES) {
      const { evidence } = sampleEvidence(type, {});
      const html = await render(<EvidenceList type={type} evidence={evidence as Record<string, unknown>} />);
      expect(html, type).not.toContain('does not match');
      for (const name of Object.keys(evidence)) expect(html, `${type}.${name}`).toContain(`data-field="${name}"`);
    }
  });

  it('shows evidence that breaks its contract as stored, with a note, instead of hiding it', async () => {
    const html = await render(<EvidenceList type="payment_mismatch" evidence={{ amount: 5 }} />);
    expect(html).toContain('does not match the payment mismatch schema');
    expect(html).toContain('&quot;amount&quot;: 5');
  });

  it('labels fields in words', () => {
    expect(evidenceLabel('hoursToShipBy')).toBe('Hours to ship by');
    expect(evidenceLabel('utilisationPercent')).toBe('Utilisation percent');
  });
});
