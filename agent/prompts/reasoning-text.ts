/**
 * Reasoning text some models emit inline (`<think>…</think>`, `<thinking>`, `<reasoning>`): it is the
 * model's scratchpad, not an answer or a rationale, and never reaches a rep, an approver or a
 * transcript's answer. An unclosed block (cut off) is dropped to the end.
 */
const BLOCK = /<(think|thinking|reasoning)>[\s\S]*?(<\/\1>|$)/gi;
const STRAY_CLOSE = /<\/(think|thinking|reasoning)>/gi;

export function stripReasoning(text: string): string {
  return text.replace(BLOCK, '').replace(STRAY_CLOSE, '').trim();
}

/**
 * Streaming form: feed text pieces in order, get back the visible part. Holds back a possible tag
 * prefix at the end of a piece until the next piece shows whether it is one.
 */
export class ReasoningFilter {
  #inside = false;
  #pending = '';

  push(piece: string): string {
    let text = this.#pending + piece;
    this.#pending = '';
    let visible = '';
    while (text) {
      if (this.#inside) {
        const close = text.search(/<\/(think|thinking|reasoning)>/i);
        if (close < 0) {
          this.#pending = trailingPartialTag(text);
          return visible;
        }
        text = text.slice(close).replace(/^<\/(think|thinking|reasoning)>/i, '');
        this.#inside = false;
        continue;
      }
      const open = text.search(/<(think|thinking|reasoning)>/i);
      if (open < 0) {
        const partial = trailingPartialTag(text);
        visible += text.slice(0, text.length - partial.length);
        this.#pending = partial;
        return visible;
      }
      visible += text.slice(0, open);
      text = text.slice(open).replace(/^<(think|thinking|reasoning)>/i, '');
      this.#inside = true;
    }
    return visible;
  }

  /** What is left at the end of the stream (a held-back "<thi" that never became a tag). */
  flush(): string {
    const rest = this.#inside ? '' : this.#pending;
    this.#pending = '';
    return rest;
  }
}

function trailingPartialTag(text: string): string {
  const lt = text.lastIndexOf('<');
  if (lt < 0) return '';
  const tail = text.slice(lt).toLowerCase();
  return ['<think>', '<thinking>', '<reasoning>', '</think>', '</thinking>', '</reasoning>'].some(
    (tag) => tag.startsWith(tail) && tail.length < tag.length,
  )
    ? text.slice(lt)
    : '';
}
