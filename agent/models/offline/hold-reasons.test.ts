import { describe, expect, it } from 'vitest';
import { holdReasonCode, namedHoldReason } from './hold-reasons.ts';

const erpFailed = {
  orderNumber: 'REV-1493-SP',
  erp: { status: 'failed', lastError: 'ERP-409', untrustedLastErrorMessage: 'Pedido de venda already exists in Protheus for REV-1493-SP' },
};

describe('hold reason codes by what the hold is for', () => {
  it('keeps the reasons named outright', () => {
    expect(holdReasonCode('Hold off on shipping H-1002, the buyer asked us to wait a few days.')).toBe('CUSTOMER-REQ');
    expect(holdReasonCode('hold it, possible fraud')).toBe('FRAUD-REVIEW');
    expect(holdReasonCode('park it until the credit check is done')).toBe('CREDIT-REVIEW');
  });

  it('reads the payment in any words of paying', () => {
    expect(holdReasonCode("stop it from going out, what she paid doesn't match the order total")).toBe('PAY-MISMATCH');
    expect(holdReasonCode('keep it back, the card looks off')).toBe('PAY-MISMATCH');
    expect(holdReasonCode('freeze 7100 - they were billed for something else')).toBe('PAY-MISMATCH');
  });

  it('reads the ERP in ops words, or by the name the order record gives it', () => {
    expect(holdReasonCode('hold it until the books have it')).toBe('ERP-PENDING');
    expect(holdReasonCode("don't let it ship until Protheus actually has it", erpFailed)).toBe('ERP-PENDING');
    expect(holdReasonCode('keep it until Sankhya has it', erpFailed)).toBeUndefined();
    // Without the record, an ERP's product name is just a word.
    expect(holdReasonCode("don't let it ship until Protheus actually has it")).toBeUndefined();
  });

  it('asks rather than guesses when nothing says why', () => {
    expect(holdReasonCode('put a hold on it')).toBeUndefined();
    expect(namedHoldReason('take the credit review hold off')).toBe('CREDIT-REVIEW');
  });
});

describe('hold reasons by meaning, before who asked (session 13)', () => {
  it('reads a suspected fraud in everyday words or a holder who does not match', () => {
    expect(holdReasonCode('looks dodgy to me, keep it back')).toBe('FRAUD-REVIEW');
    expect(holdReasonCode('the customer says this one seems sus, freeze it')).toBe('FRAUD-REVIEW');
    expect(holdReasonCode('name on the card does not match the delivery name, hold it')).toBe('FRAUD-REVIEW');
    expect(holdReasonCode('zamówienie podejrzane, wstrzymaj')).toBe('FRAUD-REVIEW');
  });

  it('reads an order placed twice as a duplicate check, a card charged twice as the payment', () => {
    expect(holdReasonCode('the customer thinks she booked it twice, park it')).toBe('DUP-CHECK');
    expect(holdReasonCode('looks like two identical orders came in, hold the later one')).toBe('DUP-CHECK');
    expect(holdReasonCode('he was charged twice for the order, hold it')).toBe('PAY-MISMATCH');
    expect(holdReasonCode('can you send the order over again')).toBeUndefined();
  });
});
