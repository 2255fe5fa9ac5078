/** LangChain messages of a run as transcript messages (system prompt first). */
import { AIMessage, type BaseMessage, ToolMessage } from '@langchain/core/messages';
import { messageText } from '../models/offline/conversation.ts';
import type { TranscriptMessage } from '../transcripts/transcript-schema.ts';

export function toTranscriptMessages(systemPrompt: string, messages: readonly BaseMessage[]): TranscriptMessage[] {
  const converted: TranscriptMessage[] = [{ role: 'system', content: systemPrompt }];
  for (const message of messages) {
    const content = messageText(message);
    if (AIMessage.isInstance(message)) {
      converted.push({
        role: 'assistant',
        content,
        ...(message.tool_calls?.length
          ? { toolCalls: message.tool_calls.map((call) => ({ id: call.id ?? '', name: call.name, args: call.args })) }
          : {}),
      });
    } else if (ToolMessage.isInstance(message)) {
      converted.push({ role: 'tool', content, toolCallId: message.tool_call_id, ...(message.name ? { name: message.name } : {}) });
    } else if (message.getType() === 'human') {
      converted.push({ role: 'user', content });
    }
  }
  return converted;
}
