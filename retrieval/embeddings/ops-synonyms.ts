/**
 * A small, fixed vocabulary of operations synonyms for the local embedder. Each phrase found in a
 * text adds its concept as an extra feature, so "we oversold the blue mug" and "stock conflict on
 * SKU…" share a feature although they share no word. Written from general order-management and ERP
 * vocabulary (including common US/UK spellings and vendor names), not from any evaluation query;
 * it is part of the embedder's identity (changing it changes LOCAL_EMBEDDER_ID's version).
 */
import { stem, tokenize } from './text-features.ts';

export const OPS_SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  stock_shortage: ['oversell', 'oversold', 'overselling', 'stock conflict', 'negative stock', 'negative ats', 'negative inventory', 'shortage', 'short pick', 'short picked', 'short-pick', 'out of stock', 'stockout', 'stock out', 'not enough stock', 'insufficient stock', 'sold more than', 'no stock left', 'phantom stock', 'phantom inventory'],
  available_to_sell: ['ats', 'available to sell', 'available-to-sell', 'sellable stock', 'sellable quantity', 'atp', 'available to promise'],
  backorder: ['backorder', 'backordered', 'back order', 'back-order', 'back ordered', 'awaiting stock', 'waiting for stock'],
  refund: ['refund', 'refunded', 'reimburse', 'reimbursement', 'money back', 'pay back', 'repay', 'credit the card', 'goodwill credit'],
  payment_mismatch: ['payment mismatch', 'amount mismatch', 'capture mismatch', 'charged twice', 'double charge', 'double charged', 'overcharge', 'overcharged', 'undercharge', 'undercharged', 'charged the wrong amount', 'paid less', 'paid more', 'partial capture', 'captured amount'],
  duplicate_order: ['duplicate order', 'double order', 'ordered twice', 'placed twice', 'submitted twice', 'same order twice', 'dupe', 'duplicate', 'duplicated'],
  erp_sync: ['erp sync', 'sync failed', 'sync failure', 'failed sync', 'sync error', 'not syncing', 'did not sync', 'integration error', 'failed to post', 'posting failed', 'posting error', 'netsuite', 'sap', 'dynamics 365', 'business central', 'odoo', 'acumatica', 'middleware', 'connector'],
  address_problem: ['address validation', 'bad address', 'invalid address', 'wrong address', 'incorrect address', 'incomplete address', 'undeliverable', 'address correction', 'correct the address', 'fix the address', 'change the address', 'zip code', 'postal code', 'postcode', 'ship-to', 'ship to address', 'apartment number', 'suite number'],
  lateness: ['late', 'delay', 'delayed', 'overdue', 'past due', 'behind schedule', 'sla breach', 'breached', 'missed the promise', 'missed promise date', 'slow'],
  shipment_tracking: ['tracking', 'in transit', 'stuck in transit', 'no tracking update', 'carrier exception', 'lost package', 'lost parcel', 'missing package', 'where is my order', 'wismo', 'not delivered', 'never arrived', 'never received', 'parcel', 'package'],
  carrier: ['carrier', 'ups', 'fedex', 'usps', 'dhl', 'royal mail', 'dpd', 'courier', 'shipping company', 'freight', 'ltl'],
  invoice_mismatch: ['invoice mismatch', 'invoice discrepancy', 'billing discrepancy', 'billing error', 'invoice error', 'wrong invoice', 'price discrepancy', 'three-way match', 'three way match', '3-way match', 'overbilled', 'underbilled', 'billed wrong', 'billed twice'],
  credit_hold: ['credit hold', 'credit limit', 'over limit', 'over the limit', 'over credit', 'exceeds credit', 'credit block', 'credit blocked', 'blocked account', 'account on hold', 'past due balance', 'overdue balance', 'payment terms', 'net 30', 'net 60', 'credit check'],
  hold: ['hold', 'held', 'on hold', 'blocked', 'frozen', 'freeze', 'paused', 'stuck'],
  release: ['release', 'released', 'unblock', 'unhold', 'lift the hold', 'remove the hold', 'take off hold', 'let it ship', 'unfreeze'],
  product_return: ['return', 'returned', 'rma', 'sent back', 'send back', 'sending back', 'return merchandise', 'return authorization', 'return authorisation'],
  inspection: ['inspection', 'inspect', 'inspected', 'grading', 'graded', 'quality check', 'qc', 'condition check'],
  disposition: ['disposition', 'restock', 'restocked', 'put back on the shelf', 'back to stock', 'back into stock', 'scrap', 'write off', 'write-off', 'written off', 'return to vendor', 'rtv', 'liquidate', 'liquidation', 'refurbish', 'damaged goods', 'b-stock'],
  inventory_adjustment: ['inventory adjustment', 'stock adjustment', 'adjust inventory', 'adjust stock', 'adjust the count', 'write down', 'shrink', 'shrinkage', 'count variance', 'correct the count', 'fix the stock level', 'on-hand correction', 'on hand correction'],
  cycle_count: ['cycle count', 'recount', 'count again', 'stock take', 'stocktake', 'stock-take', 'physical count', 'physical inventory', 'count the shelf', 'count the bin', 'blind count'],
  purchase_order: ['purchase order', 'po', 'replenish', 'replenishment', 'reorder', 'order more', 'buy more', 'supplier order', 'vendor order', 'inbound', 'asn', 'lead time'],
  price_override: ['price override', 'override the price', 'manual price', 'price change', 'change the price', 'price match', 'special price', 'custom price', 'markdown', 'discount', 'margin'],
  approval: ['approve', 'approval', 'approver', 'approved', 'sign off', 'sign-off', 'signoff', 'authorise', 'authorize', 'authorization', 'authorisation', 'four eyes', 'four-eyes', '4 eyes', 'second pair of eyes', 'permission', 'allowed to', 'threshold', 'limit of authority', 'authority'],
  escalation: ['escalate', 'escalation', 'page on-call', 'on-call', 'on call', 'oncall', 'pager', 'sev1', 'sev 1', 'p1', 'outage', 'incident', 'all hands', 'war room', 'down'],
  marketplace: ['marketplace', 'amazon', 'ebay', 'walmart', 'etsy', 'zalando', 'seller central', 'channel partner', 'sales channel'],
  penalty: ['penalty', 'penalties', 'fine', 'fined', 'account health', 'seller rating', 'defect rate', 'suspension', 'suspended', 'late shipment rate', 'cancellation rate', 'valid tracking rate', 'performance metrics', 'strike'],
  settlement: ['settlement', 'settle', 'payout', 'payouts', 'deposit', 'reconciliation', 'reconcile', 'month end', 'month-end', 'period close', 'close the books', 'ledger', 'general ledger', 'accrual'],
  chargeback: ['chargeback', 'charge back', 'charge-back', 'dispute', 'disputed', 'bank dispute', 'friendly fraud', 'retrieval request'],
  fraud: ['fraud', 'fraudulent', 'suspicious', 'scam', 'stolen card', 'risky order', 'risk score', 'velocity check'],
  reservation: ['reservation', 'reserved', 'reserve', 'soft allocation', 'cart hold', 'allocated', 'allocation', 'committed stock', 'committed quantity', 'expired reservation', 'stale reservation'],
  reallocation: ['reallocate', 'reallocation', 're-allocate', 'reroute', 're-route', 'move the line', 'ship from another', 'another warehouse', 'different warehouse', 'other warehouse', 'switch warehouse', 'change the warehouse', 'transfer', 'split shipment'],
  fulfilment_node: ['warehouse', 'dc', 'distribution center', 'distribution centre', 'fulfilment center', 'fulfillment center', 'fulfilment centre', '3pl', 'third-party logistics', 'node', 'depot', 'store fulfilment', 'ship from store'],
  fulfilment: ['fulfilment', 'fulfillment', 'fulfil', 'fulfill', 'fulfilled', 'pick pack', 'pick and pack', 'picking', 'packing', 'dispatch', 'dispatched'],
  kit_bundle: ['kit', 'bundle', 'bundled', 'gift set', 'component', 'components', 'multi-pack', 'multipack', 'bill of materials', 'bom'],
  master_data: ['master data', 'item master', 'product data', 'catalog', 'catalogue', 'attribute', 'gtin', 'ean', 'upc', 'barcode', 'unit of measure', 'uom', 'sku setup', 'new sku'],
  customer_contact: ['notify', 'notification', 'tell the customer', 'email the customer', 'contact the customer', 'call the customer', 'customer communication', 'let them know', 'let the customer know', 'reach out', 'message template', 'email template', 'apology'],
  cancellation: ['cancel', 'cancelled', 'canceled', 'cancellation', 'void', 'voided', 'call off'],
  b2b_account: ['b2b', 'wholesale', 'distributor', 'trade customer', 'key account', 'business customer', 'reseller', 'dealer'],
  credit_memo: ['credit memo', 'credit note', 'invoice credit', 'debit memo', 'short payment', 'short-paid', 'deduction'],
};

export type SynonymConcept = keyof typeof OPS_SYNONYMS;

interface Phrase {
  concept: string;
  stems: string[];
}

// Phrases keyed by their first stem; matched on the full token sequence (stop words included, so
// "out of stock" does not collapse to "stock").
const phrasesByFirstStem = new Map<string, Phrase[]>();
for (const [concept, phrases] of Object.entries(OPS_SYNONYMS)) {
  for (const phrase of phrases) {
    const stems = tokenize(phrase).map(stem);
    if (stems.length === 0) continue;
    const list = phrasesByFirstStem.get(stems[0]!) ?? [];
    list.push({ concept, stems });
    phrasesByFirstStem.set(stems[0]!, list);
  }
}

/** Concepts whose phrases occur in the stemmed token sequence, once per occurrence. */
export function findConcepts(stems: readonly string[]): string[] {
  const found: string[] = [];
  for (let i = 0; i < stems.length; i++) {
    const candidates = phrasesByFirstStem.get(stems[i]!);
    if (!candidates) continue;
    const matched = new Set<string>();
    for (const phrase of candidates) {
      if (matched.has(phrase.concept)) continue;
      if (phrase.stems.every((value, offset) => stems[i + offset] === value)) {
        matched.add(phrase.concept);
        found.push(phrase.concept);
      }
    }
  }
  return found;
}
