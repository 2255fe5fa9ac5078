import { describe, expect, it } from 'vitest';
import { EXCEPTION_TYPES } from '../exception-types.ts';
import { sampleEvidence } from '../testing/evidence-fixtures.ts';
import { evidenceLayoutFor, evidenceLayouts } from './evidence-layout.ts';

describe('evidence layouts', () => {
  it('reads each field’s meaning from the schema: money, counts, instants, choices, rows', () => {
    const [layout] = evidenceLayouts('payment_mismatch');
    const kinds = Object.fromEntries(layout!.fields.map((field) => [field.name, field.kind]));
    expect(kinds).toMatchObject({ kind: 'choice', orderTotal: 'money', orderStatus: 'text', captureCount: 'count', payments: 'rows' });
    expect(layout!.fields.find((field) => field.name === 'payments')!.fields!.map((field) => [field.name, field.kind])).toEqual([
      ['psp', 'text'],
      ['reference', 'text'],
      ['status', 'text'],
      ['captured', 'money'],
      ['refunded', 'money'],
    ]);
    const backorder = Object.fromEntries(evidenceLayouts('backorder_aging')[0]!.fields.map((field) => [field.name, field]));
    expect(backorder.lastNoticeAt).toMatchObject({ kind: 'time', nullable: true });
  });

  it('has one layout per shape: two for the union types, one for the others', () => {
    for (const type of EXCEPTION_TYPES)
      expect(evidenceLayouts(type).length, type).toBe(type === 'shipment_delayed' || type === 'stock_conflict' ? 2 : 1);
    const [carrier, notShipped] = evidenceLayouts('shipment_delayed');
    expect(carrier!.fields.map((field) => field.name)).toContain('carrier');
    expect(notShipped!.fields.map((field) => field.name)).toContain('shipBy');
  });

  it('picks the layout the evidence matches, and none for evidence that breaks the contract', () => {
    for (const type of EXCEPTION_TYPES) {
      const { evidence } = sampleEvidence(type, {});
      expect(
        evidenceLayoutFor(type, evidence)
          ?.map((field) => field.name)
          .sort(),
        type,
      ).toEqual(Object.keys(evidence).sort());
    }
    expect(evidenceLayoutFor('payment_mismatch', { amount: 5 })).toBeUndefined();
  });
});
