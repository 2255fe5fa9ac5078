/**
 * Reading a tenant's own documents (contract terms, house rules) for the two kinds of rule the
 * offline planner can apply by pattern: a remediation switched off for a class of accounts ("automated
 * notices (`send_backorder_notice`) are switched off for all `KA-` accounts"), and a tolerance under
 * which a mismatch is written off ("differences up to $10.00 per invoice are accepted"). Anything
 * subtler in those documents is left to the people reading the hand-off.
 */
import { inlineMarkdownToText } from '../../../retrieval/markdown-emphasis.ts';
import type { Passage } from './result-reading.ts';

export interface TenantRule {
  ref: string;
  sentence: string;
}

const NEGATIVE =
  /\b(switched off|will refuse|refuses?|never|do not|don't|must not|may not|not allowed|no automated|is not permitted|are not permitted)\b/i;

function sentencesOf(text: string): string[] {
  return text
    .replace(/\n+/g, ' ')
    .split(/(?<=[.!?])\s+(?=[A-Z`*(\-0-9])/)
    .map((sentence) => sentence.trim())
    .filter(Boolean);
}

/** Account-class prefixes a sentence or its section names, like `KA-` or "AC- accounts". */
function accountPrefixes(text: string): string[] {
  return [...text.matchAll(/`?\b([A-Z]{2,4}-)`?\s*(?:prefix|accounts?|customers?)|\(`([A-Z]{2,4}-)`\s*prefix\)/g)].map(
    (match) => (match[1] ?? match[2])!,
  );
}

/**
 * A tenant rule that switches `tool` off for this customer: a sentence naming the tool with a
 * negative cue, restricted to an account class when the sentence (or its section heading) names one.
 */
export function tenantRefusal(passages: readonly Passage[], tool: string, customerCode: string | undefined): TenantRule | undefined {
  for (const passage of passages) {
    for (const sentence of sentencesOf(passage.excerpt)) {
      if (!sentence.includes(tool) || !NEGATIVE.test(sentence)) continue;
      const prefixes = accountPrefixes(sentence);
      const scoped = prefixes.length ? prefixes : accountPrefixes([...(passage.headingPath ?? []), ''].join(' '));
      if (scoped.length && !(customerCode && scoped.some((prefix) => customerCode.startsWith(prefix)))) continue;
      return { ref: passage.ref, sentence: inlineMarkdownToText(sentence) };
    }
  }
  return undefined;
}

/** A tenant tolerance for mismatches of this kind ("invoice", "payment"): the largest amount written off. */
export function tenantTolerance(passages: readonly Passage[], subject: RegExp): (TenantRule & { amount: number }) | undefined {
  for (const passage of passages) {
    for (const sentence of sentencesOf(passage.excerpt)) {
      if (!/toleran/i.test(sentence) || !subject.test(sentence)) continue;
      const amount = /up to\s+\*{0,2}\$\s?(\d+(?:\.\d{1,2})?)/i.exec(sentence) ?? /\$\s?(\d+(?:\.\d{1,2})?)/.exec(sentence);
      if (amount) return { ref: passage.ref, sentence: inlineMarkdownToText(sentence), amount: Number(amount[1]) };
    }
  }
  return undefined;
}
