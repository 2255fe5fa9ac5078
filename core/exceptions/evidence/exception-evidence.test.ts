import { describe, expect, it } from 'vitest';
import { EXCEPTION_TYPES } from '../exception-types.ts';
import { sampleEvidence } from '../testing/evidence-fixtures.ts';
import { checkEvidence, type EvidenceOf, EvidenceContractError, readTypedEvidence } from './exception-evidence.ts';

describe('the evidence contract', () => {
  it('has a sample for every type that its schema accepts, and narrows by type', () => {
    for (const type of EXCEPTION_TYPES) expect(sampleEvidence(type).type).toBe(type);
    const typed = readTypedEvidence('erp_sync_failed', sampleEvidence('erp_sync_failed').evidence, 'in a test');
    if (typed.type !== 'erp_sync_failed') throw new Error('narrowing failed');
    expect(typed.evidence.failedAttempts).toBe(1);
  });

  it('refuses evidence with a renamed or missing field, naming it', () => {
    const { evidence } = sampleEvidence('credit_hold');
    const { availableCredit, ...rest } = evidence as EvidenceOf<'credit_hold'>;
    expect(() => checkEvidence('credit_hold', { ...rest, creditAvailable: availableCredit }, 'found by a test')).toThrow(
      EvidenceContractError,
    );
    expect(() => checkEvidence('credit_hold', { ...rest, creditAvailable: availableCredit }, 'found by a test')).toThrow(
      /credit_hold evidence found by a test does not match its schema: availableCredit/,
    );
  });

  it('makes a renamed field a type error for readers', () => {
    const evidence = sampleEvidence('payment_mismatch').evidence as EvidenceOf<'payment_mismatch'>;
    // @ts-expect-error `diff` is not a field of payment_mismatch evidence (it is `difference`): renaming a field breaks the build.
    expect(evidence.diff).toBeUndefined();
    expect(evidence.difference).toBe(10);
  });
});
