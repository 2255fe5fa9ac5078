/** A short excerpt of a passage for citations: whitespace collapsed, cut at a word boundary. */
export function excerptOf(content: string, maxLength = 280): string {
  const flat = content.replace(/\s+/g, ' ').trim();
  if (flat.length <= maxLength) return flat;
  const cut = flat.slice(0, maxLength);
  const boundary = cut.lastIndexOf(' ');
  return `${(boundary > maxLength * 0.6 ? cut.slice(0, boundary) : cut).replace(/[\s,;:.-]+$/, '')}…`;
}
