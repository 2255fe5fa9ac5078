import { describe, expect, it } from 'vitest';
import { baseVerb, frameOf, namesAccountHold, namesOvercharge, namesPayment, requestFrames } from './request-frames.ts';

describe('frameOf', () => {
  it.each([
    // money moving back to the customer, with an amount or the money named
    ['hand them back 12.50', true, 'refund'],
    ['wire the 60 back to the club', true, 'refund'],
    ['reimburse them 15', true, 'refund'],
    ['pay back the difference', false, 'refund'],
    // an overcharge named as such
    ['we double-charged the yacht club', false, 'refund'],
    ['they were billed twice for the cleats', false, 'refund'],
    ['the card got charged too much', false, 'refund'],
    // an order kept from moving
    ['postpone the delivery', false, 'hold'],
    ['park it until Monday', false, 'hold'],
    ['keep it back for now', false, 'hold'],
    ["don't send it out yet", false, 'hold'],
    ['stop it from leaving', false, 'hold'],
    // not requests for either
    ['keep me posted', false, undefined],
    // Hyphenated compounds are the closed words they spell.
    ['we over-charged them by 15', true, 'refund'],
    ['they were double-charged', false, 'refund'],
    ['we over-shipped the cleats', false, undefined],
    ['stop the reminder emails', false, undefined],
    ['cancel the order', false, undefined],
    ['send the parcel back to the depot', false, undefined],
    // allowed to move on: a release (drafted only when the order's record shows a hold)
    ['let it go out today', false, 'release_hold'],
    ['the order can ship now', false, 'release_hold'],
    ['unpark it, they are happy', false, 'release_hold'],
    // forbidden to move: modal and imperative negations, not reports
    ["it mustn't leave the building today", false, 'hold'],
    ['this one should not go out before Monday', false, 'hold'],
    ['make sure it does not ship until they ring back', false, 'hold'],
    ["it didn't ship yesterday", false, undefined],
    // everyday verbs of staying put, with a limit
    ['it has to stay in the warehouse until they confirm', false, 'hold'],
    ['hang on to it for a couple of days', false, 'hold'],
    ['hang on, let me look', false, undefined],
    // charged twice, in other words; the customer getting money back
    ['they paid for it two times', false, 'refund'],
    ['they should get 70 back', true, 'refund'],
    ['pay the supplier invoice', false, undefined],
    // taken off hold, stopped by an idiom, blocked
    ['take it off hold', false, 'release_hold'],
    ['you can send it now', false, 'release_hold'],
    ['can you send it from the other site', false, undefined],
    ['put the brakes on it until they confirm', false, 'hold'],
    ['block it from leaving for now', false, 'hold'],
    // sent on again: a retry (drafted only when the order's ERP sync failed)
    ['can you send it over again', false, 'retry_sync'],
    ['kick it through once more please', false, 'retry_sync'],
    ['give it another push to the ERP', false, 'retry_sync'],
    ['resubmit it', false, 'retry_sync'],
    ['send the parcel back', false, undefined],
    ['they charged the card again', false, 'refund'],
  ])('%s → %s', (clause, hasAmount, expected) => {
    expect(frameOf(clause, { hasAmount })).toBe(expected);
  });
});

describe('baseVerb', () => {
  it.each([
    ['kept', 'keep'],
    ['delayed', 'delay'],
    ['shipped', 'ship'],
    ['charged', 'charge'],
    ['paying', 'pay'],
    ['overpaid', 'overpay'],
  ])('%s → %s', (word, base) => expect(baseVerb(word)).toBe(base));
});

describe('frameOf (session 10)', () => {
  it('reads money named as going back as a refund, whatever the verb', () => {
    expect(frameOf('we settled on CHF 15 back and she keeps the jacket', { hasAmount: true })).toBe('refund');
    expect(frameOf('30 quid back for the trouble', { hasAmount: true })).toBe('refund');
    // A quantity moving back is no refund.
    expect(frameOf('ship 20 back to the depot', { hasAmount: true })).toBeUndefined();
  });

  it('reads a hold taken off and an order let through as releases', () => {
    expect(frameOf('good, now get the hold off it', { hasAmount: false })).toBe('release_hold');
    // A hold named by its kind in two words is still the noun: the determiner may be two words away.
    expect(frameOf('address confirmed, get the address check hold off it', { hasAmount: false })).toBe('release_hold');
    expect(frameOf('finance is happy, wave it through', { hasAmount: false })).toBe('release_hold');
    expect(frameOf('let the order pass', { hasAmount: false })).toBe('release_hold');
    expect(frameOf('finance cleared it, take its credit hold off', { hasAmount: false })).toBe('release_hold');
  });

  it('reads "hold off" as the phrasal verb (a hold), not a hold taken off', () => {
    expect(frameOf('Hold off on shipping H-1002', { hasAmount: false })).toBe('hold');
    expect(frameOf('can you hold off sending it until Thursday', { hasAmount: false })).toBe('hold');
    expect(frameOf('we should hold off on the dispatch', { hasAmount: false })).toBe('hold');
  });

  it('reads several charges for one thing as an overcharge', () => {
    expect(frameOf('she sees three matching charges on her statement', { hasAmount: false })).toBe('refund');
    expect(namesOvercharge('two identical charges on the card')).toBe(true);
    expect(namesOvercharge('one charge on the card')).toBe(false);
  });
});

describe('the payment named in any words (session 11)', () => {
  it('reads paying, charging and payment nouns as the payment', () => {
    expect(namesPayment("what she paid doesn't match the order total")).toBe(true);
    expect(namesPayment('the card transaction looks odd')).toBe(true);
    expect(namesPayment('the customer is travelling')).toBe(false);
  });

  it('reads "how much can I give back" as the refund it asks about', () => {
    expect(frameOf('up to how much can i give back to a customer without a supervisor signing off?', { hasAmount: false })).toBe('refund');
  });
});

describe('requests joined by "and" (session 11)', () => {
  it('reads each part of a clause joined by "and" on its own, in order', () => {
    const frames = requestFrames(['pls hold pv204530 and give back what we overcharged her'], () => false);
    expect(frames.map((frame) => frame.intent)).toEqual(['hold', 'refund']);
    expect(requestFrames(['refund 20 and keep me posted'], (part) => /\d/.test(part)).map((frame) => frame.intent)).toEqual(['refund']);
  });
});

describe('told, not asked (session 13)', () => {
  it('reads no hold in a question about what blocks an order or a description of it waiting', () => {
    expect(frameOf("what's blocking it", { hasAmount: false })).toBeUndefined();
    expect(frameOf('why is the pallet held at the dock', { hasAmount: false })).toBeUndefined();
    expect(frameOf('the buyer has been waiting for two weeks', { hasAmount: false })).toBeUndefined();
    expect(frameOf('it has been sitting at the depot for 3 days', { hasAmount: false })).toBeUndefined();
    expect(frameOf('client wait so long already', { hasAmount: false })).toBeUndefined();
  });

  it('still reads requests in the same verbs as holds', () => {
    expect(frameOf('keep it at the depot for 3 days', { hasAmount: false })).toBe('hold');
    expect(frameOf('it should be held till the 4th', { hasAmount: false })).toBe('hold');
    expect(frameOf('can you block it until the buyer calls?', { hasAmount: false })).toBe('hold');
  });
});

describe("the customer's whole account (session 13)", () => {
  it('reads a hold or release of the account as its credit hold', () => {
    expect(frameOf('freeze their whole account till the cheque clears', { hasAmount: false })).toBe('credit_hold');
    expect(frameOf('stop everything, block the dealer account', { hasAmount: false })).toBe('credit_hold');
    expect(frameOf('payment is in, unblock the trade account', { hasAmount: false })).toBe('release_credit_hold');
    // The account named by its customer's name, without a determiner.
    expect(frameOf('put harbour tools account on credit hold', { hasAmount: false })).toBe('credit_hold');
  });

  it("keeps an order's hold when the account is only mentioned", () => {
    expect(frameOf('account holder name differs, block it for now', { hasAmount: false })).toBe('hold');
    expect(namesAccountHold('hold the order for the account manager')).toBe(false);
  });
});
