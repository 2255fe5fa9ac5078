/** Reading a template's files as text: size limits, UTF-8, the text rule (no NUL, no lone surrogates). */
import { firstUnsafeCharacter } from '../core/text/safe-text.ts';

/** One file of a template: far above any policy or runbook, small enough that a stray upload costs nothing. */
export const MAX_TEMPLATE_FILE_BYTES = 1024 * 1024;
/** All files of a template together (the content is stored as one JSON value). */
export const MAX_TEMPLATE_BYTES = 16 * 1024 * 1024;
export const MAX_TEMPLATE_RUNBOOKS = 500;

/** 1-based line of a UTF-16 offset. */
export function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let index = text.indexOf('\n'); index !== -1 && index < offset; index = text.indexOf('\n', index + 1)) line += 1;
  return line;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** The file's text, or why it cannot be a template file (binary, invalid UTF-8, NUL, lone surrogate). */
export function decodeTemplateText(bytes: Uint8Array): { text: string } | { problem: string; line?: number } {
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return { problem: 'is not valid UTF-8 text' };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const unsafe = firstUnsafeCharacter(text);
  if (unsafe) return { problem: unsafe.problem, line: lineOf(text, unsafe.offset) };
  return { text };
}
