import { describe, expect, it } from 'vitest';
import { detectIntents } from './intents.ts';

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
