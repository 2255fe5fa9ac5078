/** One factual line per tool call for the offline answers: what a read returned, or what the gate did with a write. */
import type { ToolExchange } from './conversation.ts';
import { factsOf, formatValue, humanLabel, toolCitation, citedEntityId } from './describe-result.ts';
import { isRecord } from './result-reading.ts';
import { RECORD_DESCRIBERS } from './describe-records.ts';

const NOUNS: Record<string, string> = {
  get_order: 'Order',
  get_shipment: 'Shipment',
  get_inventory: 'Inventory for',
  get_customer: 'Customer',
  get_return: 'Return',
  get_exception: 'Exception',
  list_exceptions: 'Exceptions',
  search_orders: 'Orders',
  order_timeline: 'Timeline of',
  get_kpis: 'KPIs',
};

function listLine(noun: string, items: unknown[], citation: string): string {
  if (!items.length) return `${noun}: none found. ${citation}`.trim();
  const described = items.slice(0, 5).map((item) => {
    if (!isRecord(item)) return formatValue(item) ?? '';
    const id = ['number', 'orderNumber', 'id', 'sku', 'code', 'type']
      .map((key) => item[key])
      .find((value) => typeof value === 'string' || typeof value === 'number');
    const facts = factsOf(item, 4).join(', ');
    return `${id ?? 'item'}${facts ? ` (${facts})` : ''}`;
  });
  const more = items.length > 5 ? `, and ${items.length - 5} more` : '';
  return `${noun}: ${items.length} found — ${described.join('; ')}${more}. ${citation}`.trim();
}

/** A read result (or its failure) as one sentence. */
export function describeExchange(exchange: ToolExchange): string | undefined {
  const outcome = exchange.outcome;
  if (!outcome) return undefined;
  const id = citedEntityId(exchange);
  const noun = NOUNS[exchange.name] ?? humanLabel(exchange.name.replace(/^get_/, ''));
  if (outcome.status === 'failed' || outcome.status === 'denied') {
    if (outcome.error?.code === 'not_found') return `I couldn't find ${id ?? 'that'} in your workspace.`;
    if (outcome.status === 'denied') return `I'm not allowed to use ${exchange.name} for you: ${outcome.reason}`;
    return `Looking up ${noun.toLowerCase()} ${id ?? ''} failed: ${outcome.error?.message ?? outcome.reason}`.replace(/\s+/g, ' ');
  }
  if (outcome.status !== 'ok') return undefined;
  const citation = toolCitation(exchange);
  const result = outcome.result;
  const specific = isRecord(result) ? RECORD_DESCRIBERS[exchange.name]?.(result) : undefined;
  if (specific) return `${specific}. ${citation}`.trim();
  if (Array.isArray(result)) return listLine(`${noun}${id && exchange.name !== 'list_exceptions' ? ` ${id}` : ''}`, result, citation);
  if (isRecord(result)) {
    const list = Object.values(result).find(Array.isArray) as unknown[] | undefined;
    const facts = factsOf(result);
    if (!facts.length && list) return listLine(`${noun}${id ? ` ${id}` : ''}`, list, citation);
    return `${noun}${id ? ` ${id}` : ''}: ${facts.length ? facts.join(', ') : 'found'}. ${citation}`.trim();
  }
  const value = formatValue(result);
  return value ? `${noun}: ${value}. ${citation}`.trim() : undefined;
}

/** What the policy gate did with a write: only `executed` is ever described as done. */
export function describeWriteOutcome(exchange: ToolExchange): string | undefined {
  const outcome = exchange.outcome;
  if (!outcome) return undefined;
  const what = `${exchange.name}${citedEntityId(exchange) ? ` for ${citedEntityId(exchange)}` : ''}`;
  switch (outcome.status) {
    case 'executed':
      return `Executed ${what}: the policy allowed it (${outcome.reason}).`;
    case 'pending_approval':
      return `Proposed ${what} — not executed yet: it needs approval${outcome.approverRole ? ` by ${outcome.approverRole}` : ''} (${outcome.reason})${outcome.proposalId ? `. Proposal ${outcome.proposalId}` : ''}.`;
    case 'denied':
      return `Not done: ${what} was denied by policy (${outcome.reason}).`;
    case 'failed':
      return `Not done: ${what} failed (${outcome.error?.message ?? outcome.reason}).`;
    default:
      return `${what}: ${outcome.reason}`;
  }
}
