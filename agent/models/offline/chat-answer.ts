/** Writes the offline model's chat answer, extractively: every statement comes from a tool result or a passage, with its citation. */
import type { Entities } from './entities.ts';
import type { ToolExchange } from './conversation.ts';
import type { PlannerContext } from './planner-types.ts';
import { describeExchange, describeWriteOutcome } from './describe-exchange.ts';
import { isRecord, leadSentences, passagesIn, type Passage } from './result-reading.ts';
import { closestInMeaning, type QuestionMeaning } from './passage-meaning.ts';

export interface ChatAnswerOptions {
  declined?: 'cross_tenant' | 'out_of_scope' | 'small_talk';
  detail?: string;
  action?: string;
  missing?: string[];
  /** A how-to question: quote the passages closest to it in meaning, one per document, not the first found. */
  passagesByMeaning?: boolean;
}

const CAPABILITIES =
  'I can look up orders, shipments, inventory, customers, returns and exceptions in your workspace, explain the runbooks and SOPs, and propose actions that go to the policy gate for approval.';

// Sentences in a document that address AI agents or claim pre-approval are instructions smuggled into
// data; a quote leaves them out (the policy gate already keeps them from doing anything).
const ADDRESSED_TO_AGENTS =
  /\b(AI|assistant|agent|LLM|model)s?\b[^.]{0,80}\b(always|call|ignore|tell|must|should|do not|don't)\b|ignore (your|the|all|previous) (rules|instructions)|do not mention|pre-?approved|system override/i;

function withoutInstructions(text: string): string {
  return text
    .split(/(?<=[.!?])\s+/)
    .filter((sentence) => !ADDRESSED_TO_AGENTS.test(sentence))
    .join(' ');
}

export function passageLine(passage: Passage): string {
  const where = [passage.title, ...(passage.headingPath ?? []).slice(-1)].filter(Boolean).join(' › ');
  return `Runbook ${where ? `"${where}"` : passage.ref}: ${leadSentences(withoutInstructions(passage.excerpt))} [${passage.ref}]`;
}

// Codes the ERP middleware and the address validator use (ERP-409, ERP-422.TAX, AV-POSTAL): a passage that names one is about that case.
const RECORD_CODE = /\bERP-\d{3}(?:\.[A-Z]+)?\b|\bAV-[A-Z]{2,}\b/g;

/** The codes a record carries in its own fields (not in free text others wrote, such as an ERP's message). */
export function codesIn(record: unknown, codes: string[] = []): string[] {
  const visit = (value: unknown, key = ''): void => {
    if (typeof value === 'string') {
      if (/^untrusted/i.test(key)) return;
      for (const code of value.match(RECORD_CODE) ?? []) if (!codes.includes(code)) codes.push(code);
    } else if (Array.isArray(value)) value.forEach((item) => visit(item, key));
    else if (isRecord(value)) for (const [field, item] of Object.entries(value)) if (field !== 'citations') visit(item, field);
  };
  visit(record);
  return codes;
}

/** The codes this turn's records carry (an order's ERP error, an exception's title), most recent first. */
export function recordCodes(exchanges: readonly ToolExchange[]): string[] {
  const codes: string[] = [];
  for (const exchange of [...exchanges].reverse()) {
    if (exchange.outcome?.status === 'ok' && exchange.name !== 'search_runbooks') codesIn(exchange.outcome.result, codes);
  }
  return codes;
}

export function relevantPassages(exchanges: readonly ToolExchange[], limit: number, question?: QuestionMeaning): Passage[] {
  const passages: Passage[] = [];
  for (const exchange of exchanges) {
    if (exchange.outcome?.status !== 'ok') continue;
    for (const passage of passagesIn(exchange.outcome.result)) {
      if (!passages.some((known) => known.ref === passage.ref)) passages.push(passage);
    }
  }
  // A passage about the code the order or exception carries answers before the document's general parts.
  const codes = recordCodes(exchanges);
  const namesCode = (passage: Passage): boolean =>
    codes.some((code) =>
      new RegExp(`${code.replace('.', '\\.')}(?![\\w.])`).test(`${passage.headingPath?.join(' ') ?? ''} ${passage.excerpt}`),
    );
  const ordered = codes.length ? [...passages.filter(namesCode), ...passages.filter((passage) => !namesCode(passage))] : passages;
  return question ? closestInMeaning(ordered, limit, question) : ordered.slice(0, limit);
}

export function writeChatAnswer(context: PlannerContext, entities: Entities, options: ChatAnswerOptions): string {
  if (options.declined === 'cross_tenant') {
    return `I'm sorry, I can only work with your own workspace${context.tenant.slug ? ` (${context.tenant.slug})` : ''}, so I can't look into anything belonging to "${options.detail}". If you also support that merchant, please sign in with their key.`;
  }
  if (options.declined === 'small_talk') return `Hello! ${CAPABILITIES} For example: "why is order SO-10482 stuck?"`;
  if (options.declined === 'out_of_scope') {
    return `Sorry, that's outside what I can help with. ${CAPABILITIES}`;
  }

  const exchanges = context.conversation.exchanges;
  const lines: string[] = [];
  // "SO-10482" missed and "10482" found is one order, not a miss: the miss is not worth a line.
  // A lookup of "SO-10482" and then of its bare number "10482" is one order: report it once — found,
  // or not found under the number the rep typed.
  const bareOf = (value: string): string | undefined => /^[A-Z]{1,5}-?(\d{3,12})$/i.exec(value)?.[1];
  const outcomeFor = (value: string) => exchanges.find((exchange) => Object.values(exchange.args).includes(value))?.outcome;
  const missedButFound = (exchange: ToolExchange): boolean => {
    if (exchange.outcome?.error?.code !== 'not_found') return false;
    return Object.values(exchange.args).some((value) => {
      if (typeof value !== 'string') return false;
      const bare = bareOf(value);
      if (bare && outcomeFor(bare)) return outcomeFor(bare)?.status === 'ok';
      // The bare retry of a typed number that also missed: the typed miss already says so.
      return exchanges.some(
        (other) =>
          other !== exchange &&
          other.outcome?.error?.code === 'not_found' &&
          Object.values(other.args).some((typed) => typeof typed === 'string' && bareOf(typed) === value),
      );
    });
  };
  for (const exchange of exchanges) {
    // The lookup only says which record a word names; the reads that follow it say what is known about it.
    if (exchange.name === 'search_runbooks' || exchange.name === 'find_records' || missedButFound(exchange)) continue;
    const line = context.tools.get(exchange.name)?.kind === 'write' ? describeWriteOutcome(exchange) : describeExchange(exchange);
    if (line) lines.push(line);
  }
  const passages = relevantPassages(
    exchanges,
    2,
    context.vectors && options.passagesByMeaning ? { vectors: context.vectors, text: context.conversation.input } : undefined,
  );
  for (const passage of passages) lines.push(passageLine(passage));

  if (options.missing?.length) {
    lines.push(`To propose ${options.action} I still need: ${options.missing.join(', ')}. Tell me and I'll draft it for approval.`);
  }
  if (!lines.length) {
    const asked = [...entities.orders, ...entities.skus, ...entities.exceptions].slice(0, 3).join(', ');
    return asked
      ? `I couldn't find anything about ${asked} in your workspace.`
      : `I didn't find anything on that in your workspace's data or runbooks. ${CAPABILITIES}`;
  }
  return lines.join('\n');
}
