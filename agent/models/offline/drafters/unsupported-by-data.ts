/** Remediations whose deciding fact (a physical count, a contract price) the agent cannot read: always a person's call. */
import { decline, type Drafter } from './draft.ts';

export const adjustInventory: Drafter = () => decline('no physical count is recorded; adjusting stock without a count is a control breach');

export const overridePrice: Drafter = () =>
  decline('a price override needs the contract or quoted price confirmed; the data does not establish it');
