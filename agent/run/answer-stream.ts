/**
 * Streams a run's answer as it is generated: one AnswerGuard per model step, so only checked, whole
 * sentences reach the rep, and each citation is announced once. The last step's text is the answer.
 */
import { AIMessage, AIMessageChunk, type BaseMessage } from '@langchain/core/messages';
import type { Citation } from '../../retrieval/citation.ts';
import { messageText } from '../models/offline/conversation.ts';
import { AnswerGuard, type GuardContext } from './answer-guard.ts';
import type { RunRecorder } from './run-recorder.ts';

export class AnswerStream {
  readonly #recorder: RunRecorder;
  readonly #context: GuardContext;
  readonly #emittedCitations = new Set<string>();
  #stepKey: string | undefined;
  #stepGuard: AnswerGuard;
  /** Text streamed during the current (finally: the last) model step. */
  streamedInFinalStep = '';

  constructor(recorder: RunRecorder, context: GuardContext) {
    this.#recorder = recorder;
    this.#context = context;
    this.#stepGuard = new AnswerGuard(context);
  }

  /** One `messages`-mode chunk of the agent stream: model text of the step it belongs to. */
  push(message: BaseMessage, metadata: Record<string, unknown>): void {
    if (!(AIMessageChunk.isInstance(message) || AIMessage.isInstance(message))) return;
    const key = `${String(metadata.langgraph_step ?? '')}:${message.id ?? ''}`;
    if (key !== this.#stepKey) {
      if (this.#stepKey !== undefined) this.emitText(this.#stepGuard.flush());
      this.#stepKey = key;
      this.#stepGuard = new AnswerGuard(this.#context);
      this.streamedInFinalStep = '';
    }
    this.emitText(this.#stepGuard.push(messageText(message)));
  }

  /** The rest of the last step, once the stream has ended. */
  flush(): void {
    this.emitText(this.#stepGuard.flush());
  }

  emitText(text: string): void {
    if (!text) return;
    this.streamedInFinalStep += text;
    this.#recorder.emit({ type: 'token', text });
    this.emitCitations(this.#stepGuard.report().citations);
  }

  emitCitations(citations: readonly Citation[]): void {
    for (const citation of citations) {
      if (this.#emittedCitations.has(citation.ref)) continue;
      this.#emittedCitations.add(citation.ref);
      this.#recorder.emit({ type: 'citation', citation });
    }
  }
}
