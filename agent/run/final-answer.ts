/** The run's answer: the last model message without tool calls, checked by the guard, with a note when claims were removed. */
import { AIMessage, type BaseMessage } from '@langchain/core/messages';
import type { Citation } from '../../retrieval/citation.ts';
import { messageText } from '../models/offline/conversation.ts';
import { actualStatusNote } from './actual-status-note.ts';
import { type GuardContext, guardAnswer } from './answer-guard.ts';
import type { AnswerStream } from './answer-stream.ts';
import type { RunRecorder } from './run-recorder.ts';

export interface FinalAnswer {
  text: string;
  citations: Citation[];
  removedCitations: string[];
}

/** `conversation` is what the run added after the input. Text not streamed yet (or a note) is streamed now. */
export function finalAnswer(
  conversation: readonly BaseMessage[],
  context: GuardContext,
  recorder: RunRecorder,
  stream: AnswerStream,
  failed: boolean,
): FinalAnswer {
  const lastAi = [...conversation].reverse().find((message) => AIMessage.isInstance(message) && !message.tool_calls?.length);
  const guarded = guardAnswer(lastAi ? messageText(lastAi) : '', context);
  let text = guarded.text.trim();
  if (!failed && text && !stream.streamedInFinalStep.trim()) stream.emitText(text);
  if (guarded.removedClaims.length) {
    const note = actualStatusNote(recorder.proposals, recorder.toolCalls);
    text = `${text}\n\n${note}`.trim();
    stream.emitText(`\n\n${note}`);
  }
  stream.emitCitations(guarded.citations);
  return { text, citations: guarded.citations, removedCitations: guarded.removedCitations };
}
