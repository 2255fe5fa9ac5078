/** Remediations whose deciding fact (a supplier, a physical count, a contract price) the agent cannot read: always a person's call. */
import { decline, type Drafter } from './draft.ts';

export const purchaseOrder: Drafter = (knowledge) => {
  if (!knowledge.sku) return decline('no SKU is linked to the exception');
  // The catalog records no default supplier, and a PO to an invented supplier is worse than none.
  return decline(`the supplier for ${knowledge.sku} is not recorded in the data the agent can read; a buyer must raise the PO`);
};

export const adjustInventory: Drafter = () => decline('no physical count is recorded; adjusting stock without a count is a control breach');

export const overridePrice: Drafter = () =>
  decline('a price override needs the contract or quoted price confirmed; the data does not establish it');
