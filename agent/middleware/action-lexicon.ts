/**
 * The words by which text asks for a write tool's action ("refund", "money back", "put it on hold").
 * The provenance check uses them to tell whether untrusted text asked for a write, and whether the
 * signed-in person's own words did. A tool not listed falls back to the distinctive words of its name.
 */

const ACTION_PATTERNS: Readonly<Record<string, readonly RegExp[]>> = {
  issue_refund: [/\brefund/, /\bmoney back\b/, /\breimburs/, /\b(?:give|send|pay) (?:\w+ ){0,2}back\b/, /\bcredit (?:back|the customer)\b/],
  // "(?:\S+ )": an order id of any shape (H-1002, WEB/2026/0042) may sit between the verb and its object.
  place_order_hold: [
    /\bhold\b/,
    /\bheld\b/,
    /\bhalt\b/,
    /\bstop (?:\S+ ){0,3}(?:order|shipment|shipping|going out|leaving|shipping out)\b/,
    /\bpaus(?:e|ing)\b/,
    /\bfreez(?:e|ing)\b/,
    /\bpark(?:ed|ing)? (?:\S+ ){0,2}(?:order|it|this|that)\b|\bpark (?:\S+ ){0,1}\S*\d/,
    /\bkeep (?:\S+ ){0,3}(?:back|from (?:going|shipping|leaving))\b/,
    /\b(?:don't|do not) let (?:\S+ ){0,3}(?:ship|leave|go out)\b/,
  ],
  release_order_hold: [/\brelease/, /\bunhold\b/, /\b(?:remove|lift|clear) (?:the |its |that )?hold\b/],
  apply_credit_hold: [/\bcredit hold\b/, /\bhold\b/, /\bblock (?:the )?account\b/],
  release_credit_hold: [/\brelease/, /\b(?:lift|remove|clear) (?:the )?(?:credit )?hold\b/, /\bunblock\b/],
  retry_erp_sync: [/\bretr(?:y|ies|ied|ying)\b/, /\bre-?sync/, /\bre-?send\b/, /\bre-?push\b/, /\bsync (?:it )?again\b/],
  send_backorder_notice: [/\bnotif/, /\bnotice\b/, /\be-?mail\b/, /\btell (?:the )?customer\b/, /\blet (?:the )?customer know\b/],
  correct_shipping_address: [
    /\b(?:correct|change|update|fix|use|replace) (?:\w+ ){0,3}address\b/,
    /\bship (?:it |this |them )?to\b/,
    /\bdeliver (?:it |this )?to\b/,
  ],
  override_price: [/\boverride/, /\bprice\b/, /\bdiscount/, /\bcharge (?:only|just)\b/],
  reallocate_order_line: [/\brealloc/, /\bmove\b/, /\bship (?:it )?from\b/, /\btransfer\b/, /\bfulfil+ (?:it )?from\b/],
  adjust_inventory: [/\badjust/, /\bwrite[- ]?off\b/, /\bset (?:the )?(?:stock|count|quantity)\b/],
  create_purchase_order: [/\bpurchase order\b/, /\bPO\b/i, /\breorder\b/, /\border more\b/, /\bbuy\b/],
  release_reservation: [/\brelease/, /\bunreserve\b/, /\bfree (?:up )?(?:the )?(?:stock|reservation)\b/],
  set_return_disposition: [/\bdisposition\b/, /\brestock\b/, /\bscrap\b/, /\brefurb/, /\bdamaged\b/],
  send_delay_notice: [/\bnotif/, /\bnotice\b/, /\be-?mail\b/, /\btell (?:the )?customer\b/, /\blet (?:the )?customer know\b/, /\bdelay/],
  expedite_shipment: [
    /\bexpedit/,
    /\brush\b/,
    /\bupgrade\b/,
    /\bovernight\b/,
    /\bpriorit/,
    /\bfaster (?:shipping|service|carrier|delivery)\b/,
  ],
  transfer_stock: [/\btransfer\b/, /\brebalanc/, /\bmove (?:\w+ ){0,3}(?:stock|units|inventory)\b/],
  set_channel_allocation: [/\bring-?fenc/, /\ballocat/, /\b(?:reserve|keep|hold back|set aside) (?:\w+ ){0,4}for\b/],
};

/** Words of a tool name that say nothing about the action on their own. */
const GENERIC_NAME_WORDS = new Set(['issue', 'place', 'set', 'create', 'send', 'apply', 'order', 'line', 'get', 'erp']);

function patternsFor(tool: string): readonly RegExp[] {
  const listed = ACTION_PATTERNS[tool];
  if (listed) return listed;
  return tool
    .split('_')
    .filter((word) => word.length > 3 && !GENERIC_NAME_WORDS.has(word))
    .map((word) => new RegExp(`\\b${word}`));
}

/** Whether `text` asks for (or at least names) the action of `tool`: its name, or one of its action words. */
export function mentionsAction(text: string, tool: string): boolean {
  const lower = text.toLowerCase();
  if (lower.includes(tool.toLowerCase()) || lower.includes(tool.replaceAll('_', ' ').toLowerCase())) return true;
  return patternsFor(tool).some((pattern) => pattern.test(pattern.flags.includes('i') ? text : lower));
}
