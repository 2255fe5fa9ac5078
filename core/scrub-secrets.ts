/**
 * Removes credentials from free text before it is logged: passwords in connection URLs, bearer tokens,
 * and key-shaped strings (OpenAI `sk-…`, this product's `ocp_…`). Error messages from drivers and HTTP
 * clients are the usual carriers; field-name redaction (web/logging) cannot see inside a string.
 */
const PATTERNS: ReadonlyArray<[RegExp, string]> = [
  [/\b([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)[^@\s]+@/gi, '$1[redacted]@'],
  [/\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 [redacted]'],
  [/\bsk-[A-Za-z0-9_-]{8,}/g, '[redacted]'],
  [/\bocp_[A-Za-z0-9]+_[A-Za-z0-9_-]+/g, '[redacted]'],
  [/\b(api[_-]?key|password|secret|token)=([^&\s]+)/gi, '$1=[redacted]'],
];

export function scrubSecrets(text: string): string {
  return PATTERNS.reduce((result, [pattern, replacement]) => result.replace(pattern, replacement), text);
}
