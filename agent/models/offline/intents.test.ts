import { describe, expect, it } from 'vitest';
import { detectIntents, isOperationsTopic, saidNotAsked } from './intents.ts';
import { clausesOf } from './intent-meaning.ts';

describe('detectIntents: "can we …"', () => {
  it('is a question about the process when it names no record of the tenant’s', () => {
    expect(detectIntents('can we park an order until the customer confirms', undefined, 'hold').actions).toEqual([]);
  });

  it('is a request when it names a record and asks for something to be done to it', () => {
    expect(detectIntents('can we park 2611-0453.B until the customer confirms', undefined, 'hold', { namesRecord: true }).actions).toEqual([
      'hold',
    ]);
  });

  it('stays a question when it ends with a question mark', () => {
    expect(detectIntents('can we park 2611-0453.B until Friday?', undefined, 'hold', { namesRecord: true }).actions).toEqual([]);
  });
});

describe('detectIntents: procedure questions and the ERP in ops words', () => {
  it('reads "who sorts that out?" and "do I just keep resending?" as questions about the procedure', () => {
    expect(detectIntents("invoices won't post because last month's books are shut, who sorts that out?").reads).toContain('procedure');
    const resend = detectIntents(
      'the ERP keeps telling me someone else has the record open - do I just keep resending?',
      undefined,
      'retry_sync',
    );
    expect(resend.reads).toContain('procedure');
    expect(resend.actions).toEqual([]);
  });

  it('counts the books, the accounts system and the ERP products as the ERP', () => {
    expect(isOperationsTopic("last month's books are shut")).toBe(true);
    expect(isOperationsTopic('SAP bounced it')).toBe(true);
    expect(isOperationsTopic('the accounts system refuses it')).toBe(true);
    expect(isOperationsTopic('what a lovely day')).toBe(false);
  });
});

describe('session 10: permission questions and requests inside questions', () => {
  it('reads a question about what the rep may do as a procedure question, never an action', () => {
    const intents = detectIntents('if I raise a 200 refund may I sign it off myself?');
    expect(intents.reads).toContain('procedure');
    expect(intents.actions).toEqual([]);
    expect(detectIntents('am I allowed to release a fraud hold?').reads).toContain('procedure');
  });

  it('tells a request clause from the question beside it', () => {
    const cancel = (clause: string): boolean => /\bcancel/i.test(clause);
    expect(saidNotAsked('Ana wants to cancel W-1 after all, it has not left yet has it?', cancel)).toBe(true);
    expect(saidNotAsked('did Ana cancel W-1, or has it left?', cancel)).toBe(false);
    expect(saidNotAsked('could you cancel W-1?', cancel)).toBe(true);
  });

  it('knows a parcel and a package are shipments', () => {
    expect(detectIntents('where is the package now?').reads).toContain('shipment');
  });
});

describe('session 11', () => {
  it("reads a customer's credit line named by its limit", () => {
    expect(detectIntents('is the campinas conservatory over its limit?').reads).toContain('customer');
    expect(detectIntents('are they close to their credit limit?').reads).toContain('customer');
  });

  it('never splits a clause at a comma between digits (a decimal or thousands separator)', () => {
    expect(clausesOf('give Ana R$ 25,00 back on PV-204511 as a goodwill gesture, the strings box came crushed')).toEqual([
      'give Ana R$ 25,00 back on PV-204511 as a goodwill gesture',
      'the strings box came crushed',
    ]);
    expect(clausesOf('refund 1,250 on it, then hold it')).toEqual(['refund 1,250 on it', 'then hold it']);
  });
});

describe('session 13: the frame says whose hold it is', () => {
  it('reads a cue for a hold of the whole account as its credit hold', () => {
    expect(detectIntents('money came in, lift the account hold', undefined, 'release_credit_hold').actions).toEqual([
      'release_credit_hold',
    ]);
    expect(detectIntents('lift the hold on it', undefined, 'release_hold').actions).toEqual(['release_hold']);
  });
});
