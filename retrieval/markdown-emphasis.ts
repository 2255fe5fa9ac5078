/**
 * Inline Markdown read the way CommonMark reads it, for runbook text shown to people. Underscores
 * emphasise only at word edges (a `_` after or before a letter or digit is a character, not a marker),
 * so identifiers in runbooks — snake_case tool names, ERROR_CODES, file_names.csv — keep their
 * underscores whether the text is rendered (web) or flattened to plain sentences (the offline answers).
 */

/** `_text_`: opened by an underscore not after a word character, closed by one not before a word character. */
export const UNDERSCORE_EMPHASIS = String.raw`(?<![\p{L}\p{N}_])_(?![\s_])(?:[^_\n]|_(?=[\p{L}\p{N}]))*?(?<![\s_])_(?![\p{L}\p{N}_])`;
/** `__text__`, with the same flanking rule. */
const UNDERSCORE_STRONG = String.raw`(?<![\p{L}\p{N}_])__(?![\s_])(?:[^_\n]|_(?=[\p{L}\p{N}]))*?(?<![\s_])__(?![\p{L}\p{N}_])`;

const CODE_SPAN = /`+([^`]*?)`+/g;
const STAR_STRONG = /\*\*(?=\S)([^*]*?\S)\*\*/g;
const STAR_EMPHASIS = /\*(?=[^\s*])([^*]*?[^\s*])\*/g;
const UNDERSCORE_STRONG_PATTERN = new RegExp(UNDERSCORE_STRONG, 'gu');
const UNDERSCORE_EMPHASIS_PATTERN = new RegExp(UNDERSCORE_EMPHASIS, 'gu');

/** Inline Markdown as plain text: code spans keep their content, emphasis and bullet markers go, identifiers stay whole. */
export function inlineMarkdownToText(text: string): string {
  return text
    .replace(CODE_SPAN, '$1')
    .replace(STAR_STRONG, '$1')
    .replace(STAR_EMPHASIS, '$1')
    .replace(UNDERSCORE_STRONG_PATTERN, (marked) => marked.slice(2, -2))
    .replace(UNDERSCORE_EMPHASIS_PATTERN, (marked) => marked.slice(1, -1))
    .replace(/`/g, '')
    .replace(/^[ \t]*\*[ \t]+/gm, '');
}
