/**
 * Whether a record this run read shows what a report of a record's state or history says: "the order's
 * status is released" stands when a tool result about that order says released, "hold released on 3 Dec
 * per the record" when it shows a release dated then. Only records count, not runbook passages (a
 * runbook that mentions refunds shows no refund); and only reports use this — a claim that the copilot
 * acted is never made true by what a record says.
 */

/** A tool result this run received (a read's data, or an executed write's result). */
export interface ObservedResult {
  name: string;
  args: unknown;
  result: unknown;
}

/** What a report claims: the tools whose effect it describes, the ids it names, its verb and clause. */
export interface RecordReport {
  text: string;
  tools: readonly string[];
  ids: readonly string[];
  verb?: string;
}

/** Tools whose results are document passages, not records of what happened. */
const NOT_RECORDS = new Set(['search_runbooks']);

/** The words a record uses for each write's effect (status values, event types, field names). */
const RECORD_WORDS: Record<string, readonly string[]> = {
  issue_refund: ['refund', 'refunded', 'refunds'],
  place_order_hold: ['hold', 'held'],
  apply_credit_hold: ['hold', 'held'],
  release_order_hold: ['release', 'released', 'lifted'],
  release_credit_hold: ['release', 'released', 'lifted'],
  release_reservation: ['release', 'released'],
  override_price: ['override', 'overridden', 'overrides'],
  reallocate_order_line: ['reallocated', 'reallocation', 'reallocate', 'moved'],
  correct_shipping_address: ['corrected', 'correction'],
  adjust_inventory: ['adjustment', 'adjusted', 'adjust'],
  create_purchase_order: ['purchase', 'po'],
  retry_erp_sync: ['retry', 'retried', 'retries', 'resynced', 'synced'],
  send_backorder_notice: ['notice', 'sent', 'notified'],
  send_delay_notice: ['notice', 'sent', 'notified'],
  expedite_shipment: ['expedite', 'expedited'],
  transfer_stock: ['transfer', 'transferred', 'moved'],
  set_channel_allocation: ['allocation', 'allocated'],
  set_return_disposition: ['disposition', 'restocked', 'restock', 'scrapped', 'scrap', 'refurbished', 'refurbish'],
};

/** Verbs whose other forms are not regular (and multi-word verbs, which name no state of their own). */
const IRREGULAR: Record<string, readonly string[]> = {
  held: ['hold', 'held'],
  sent: ['sent', 'send'],
  'went out': ['sent'],
  overrode: ['override', 'overridden'],
  overridden: ['override', 'overridden'],
  'written off': ['writeoff', 'written'],
  'wrote off': ['writeoff', 'written'],
  'set aside': ['aside'],
};

/** The verb as written and its base forms: "released" → released, release; "retried" → retry; "cancelled" → cancel. */
export function verbForms(verb: string): string[] {
  const irregular = IRREGULAR[verb];
  if (irregular) return [...irregular];
  if (/\s/.test(verb)) return [];
  const word = verb.toLowerCase().replace(/[^a-z]/g, '');
  const forms = new Set([word]);
  if (word.endsWith('ied')) forms.add(`${word.slice(0, -3)}y`);
  else if (word.endsWith('ed')) {
    forms.add(word.slice(0, -2));
    forms.add(word.slice(0, -1));
    if (/(\w)\1ed$/.test(word)) forms.add(word.slice(0, -3));
  }
  return [...forms];
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH = `(${MONTHS.join('|')})[a-z]*\\.?`;
const DAY_MONTH = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+${MONTH}(?:\\s+(\\d{4}))?`, 'gi');
const MONTH_DAY = new RegExp(`\\b${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b(?:,?\\s+(\\d{4}))?`, 'gi');
const ISO_DATE = /\b(\d{4})-(\d{2})-(\d{2})/g;
const DAY_MS = 86_400_000;

interface NamedDate {
  month: number;
  day: number;
  year?: number;
}

/** Calendar dates a clause names ("3 Dec", "Dec 3, 2026", "2026-12-03"); relative ones ("last week") are not checked. */
function datesIn(text: string): NamedDate[] {
  const dates: NamedDate[] = [];
  const year = (value: string | undefined) => (value ? { year: Number(value) } : {});
  for (const match of text.matchAll(ISO_DATE)) dates.push({ year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) });
  for (const match of text.matchAll(DAY_MONTH))
    dates.push({ day: Number(match[1]), month: MONTHS.indexOf(match[2]!.toLowerCase()) + 1, ...year(match[3]) });
  for (const match of text.matchAll(MONTH_DAY))
    dates.push({ month: MONTHS.indexOf(match[1]!.toLowerCase()) + 1, day: Number(match[2]), ...year(match[3]) });
  return dates.filter((date) => date.month > 0 && date.day >= 1 && date.day <= 31);
}

/** The words and dates a record holds: its string values, and the names of fields that carry a value ("releasedAt"). */
function readRecord(node: unknown): { words: Set<string>; dates: number[] } {
  const words = new Set<string>();
  const dates: number[] = [];
  const addWords = (text: string) => {
    for (const word of text
      .replace(/([a-z])([A-Z])/g, '$1 $2')
      .toLowerCase()
      .split(/[^a-z0-9]+/))
      if (word) words.add(word);
  };
  let budget = 5000;
  const visit = (value: unknown, depth: number): void => {
    if (budget-- <= 0 || depth > 8) return;
    if (typeof value === 'string') {
      addWords(value);
      for (const match of value.matchAll(ISO_DATE)) dates.push(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
    } else if (Array.isArray(value)) value.forEach((item) => visit(item, depth + 1));
    else if (value && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        const present = item !== null && item !== undefined && item !== false && item !== '' && !(Array.isArray(item) && !item.length);
        if (present) addWords(key);
        visit(item, depth + 1);
      }
    }
  };
  visit(node, 0);
  return { words, dates };
}

const bare = (id: string) => id.toUpperCase().replace(/^[A-Z]+-/, '');

function sameId(value: string, ids: readonly string[]): boolean {
  const upper = value.toUpperCase();
  return ids.some((id) => upper === id.toUpperCase() || bare(value) === bare(id));
}

/** The parts of a result that are about one of the ids: all of it when the call asked for one, else the objects that carry one. */
function partsAbout(observed: ObservedResult, ids: readonly string[]): unknown[] {
  if (!ids.length) return [observed.result];
  const args = JSON.stringify(observed.args ?? {}).toUpperCase();
  if (ids.some((id) => args.includes(id.toUpperCase()) || args.includes(bare(id)))) return [observed.result];
  const found: unknown[] = [];
  let budget = 5000;
  const visit = (value: unknown, depth: number): void => {
    if (budget-- <= 0 || depth > 8 || !value || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item, depth + 1);
      return;
    }
    const values = Object.values(value);
    if (values.some((item) => (typeof item === 'string' || typeof item === 'number') && sameId(String(item), ids))) found.push(value);
    else values.forEach((item) => visit(item, depth + 1));
  };
  visit(observed.result, 0);
  return found;
}

/** Whether a record about one of the report's ids carries its state (and, if it names a date, a date within a day of it). */
export function recordShows(report: RecordReport, observed: readonly ObservedResult[]): boolean {
  const wanted = new Set([...report.tools.flatMap((tool) => RECORD_WORDS[tool] ?? []), ...(report.verb ? verbForms(report.verb) : [])]);
  if (!wanted.size) return false;
  const named = datesIn(report.text);
  return observed.some(
    (item) =>
      !NOT_RECORDS.has(item.name) &&
      partsAbout(item, report.ids).some((part) => {
        const record = readRecord(part);
        if (![...wanted].some((word) => record.words.has(word))) return false;
        return (
          !named.length ||
          named.some((date) =>
            record.dates.some((time) => {
              const year = date.year ?? new Date(time).getUTCFullYear();
              return Math.abs(time - Date.UTC(year, date.month - 1, date.day)) <= DAY_MS;
            }),
          )
        );
      }),
  );
}
