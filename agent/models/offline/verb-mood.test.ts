import { describe, expect, it } from 'vitest';
import { wordsOf } from '../../../retrieval/index.ts';
import { baseVerb } from './request-frames.ts';
import { isQuestionClause, verbAskedFor } from './verb-mood.ts';

/** Whether the verb `verb` (as written) of the clause is asked for. */
function asked(clause: string, verb: string): boolean {
  const words = wordsOf(clause);
  const index = words.indexOf(verb);
  if (index < 0) throw new Error(`${verb} not in ${clause}`);
  return verbAskedFor(words, index, baseVerb(verb));
}

describe('verbAskedFor', () => {
  it.each([
    // asked: the bare verb, after a modal or "to", a modal's passive, the order as the subject of "-s"
    ['keep it aside till the 20th', 'keep', true],
    ['we need to park this one until friday', 'park', true],
    ['the set must be frozen until finance calls', 'frozen', true],
    ['get it parked for the weekend', 'parked', true],
    ['this stays in the depot until she pays', 'stays', true],
    // told: a person as the subject, an inflected form without a modal's "be"
    ['the buyer is waiting since monday', 'waiting', false],
    ['client wait so long already', 'wait', false],
    ["she'll wait till the 9th", 'wait', false],
    ['it has been sitting at the hub for 4 days', 'sitting', false],
    ['the courier delayed it by two days', 'delayed', false],
    ['it was held yesterday by the fraud team', 'held', false],
  ])('%s (%s) → %s', (clause, verb, expected) => {
    expect(asked(clause, verb)).toBe(expected);
  });
});

describe('isQuestionClause', () => {
  it.each([
    ["what's holding the parcel", true],
    ['ok so why is it parked', true],
    ['is it still frozen', true],
    ['did they block the card', true],
    // a request cue makes it a request in a question's form; "do not" opens an imperative
    ['can you keep it back till monday?', false],
    ['pls why not hold it', false],
    ['do not let it leave', false],
    ['freeze it till the 3rd', false],
  ])('%s → %s', (clause, expected) => {
    expect(isQuestionClause(clause)).toBe(expected);
  });
});

describe('verbAskedFor: a participle after a verb of wanting', () => {
  it('asks for it', () => {
    expect(asked('the club wants BX-7 kept aside until their new site opens', 'kept')).toBe(true);
    expect(asked('finance need it frozen till the cheque clears', 'frozen')).toBe(true);
  });
});
