/**
 * What gets embedded for a chunk: document title, heading path and content, so a short section
 * ("Escalation") keeps the context of the runbook it belongs to.
 */
export function buildIndexText(title: string, headingPath: readonly string[], content: string): string {
  // The top heading usually repeats the title; saying it twice would only skew the embedding.
  const path = headingPath[0] === title ? headingPath.slice(1) : headingPath;
  return path.length ? `${title}\n${path.join(' > ')}\n\n${content}` : `${title}\n\n${content}`;
}
