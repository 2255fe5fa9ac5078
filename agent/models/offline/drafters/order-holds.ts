import { decline, type Drafter, money, runbookName, unstated } from './draft.ts';
import { evidenceOf } from '../triage-knowledge.ts';
import { holdDraft } from './hold-draft.ts';
import { orderStatus } from './order-reading.ts';

export const placeHold: Drafter = (knowledge) => {
  switch (knowledge.type) {
    case 'payment_mismatch': {
      const evidence = evidenceOf(knowledge, 'payment_mismatch');
      return holdDraft(
        knowledge,
        'PAY-MISMATCH',
        `payment mismatch (${evidence?.kind ?? 'amounts differ'}, difference ${money(evidence?.difference ?? 0)}); stop the goods before fixing the money`,
      );
    }
    case 'duplicate_order':
      return holdDraft(
        knowledge,
        'DUP-CHECK',
        `possible duplicate of order ${knowledge.originalOrderRef ?? 'an earlier order'} (${evidenceOf(knowledge, 'duplicate_order')?.basis ?? 'same customer and items'}); hold the later order until confirmed`,
      );
    case 'address_validation_failed': {
      // Runbook: hold when the order is already released to the warehouse (in a pick wave).
      const statuses = knowledge.conditions.hold_order_statuses;
      if (!statuses) return unstated(knowledge, 'hold_order_statuses', 'in which order statuses an address failure needs a hold');
      if (!statuses.includes(orderStatus(knowledge)))
        return decline(
          `order ${knowledge.orderRef} is not in a pick wave (${orderStatus(knowledge) || 'unknown'}; ${runbookName(knowledge)} holds when ${statuses.join(' or ')}); no hold needed yet`,
        );
      const evidence = evidenceOf(knowledge, 'address_validation_failed');
      return holdDraft(
        knowledge,
        'ADDR-CHECK',
        `ship-to address failed validation (${evidence?.resultCode ?? evidence?.issue ?? 'invalid'}); keep it from being packed without a label`,
      );
    }
    case 'invoice_mismatch':
      return holdDraft(
        knowledge,
        'INV-MISMATCH',
        `invoice differs from the order by ${money(evidenceOf(knowledge, 'invoice_mismatch')?.difference ?? 0)}`,
      );
    case 'erp_sync_failed': {
      const code = evidenceOf(knowledge, 'erp_sync_failed')?.errorCode ?? '';
      const terms = String(knowledge.order?.paymentTerms ?? '');
      const holdCodes = knowledge.conditions.hold_codes_on_credit_terms;
      if (!holdCodes) return unstated(knowledge, 'hold_codes_on_credit_terms', 'which ERP errors call for a hold');
      if (!holdCodes.includes(code) || !/^net_/.test(terms))
        return decline(
          `a hold is only needed for ${holdCodes.join(' or ')} on credit terms (here ${code || 'unknown'}, ${terms || 'no terms'})`,
        );
      return holdDraft(knowledge, 'ERP-PENDING', 'customer not found in the ERP; keep the order from release until credit is checked');
    }
    case 'credit_hold':
      return decline('hold the account (apply_credit_hold), not single orders');
    default:
      return decline(`no hold applies to ${knowledge.type}`);
  }
};

export const releaseHold: Drafter = (knowledge) =>
  decline(`release only once the cause is cleared and the evidence is attached (${knowledge.type.replace(/_/g, ' ')} is still open)`);
