/** Test support: a scripted chat model that proposes the refund a message names ("refund 120 on A-1") with the policy test tools, then answers. */
import { AIMessage, type BaseMessage } from '@langchain/core/messages';
import { messageText } from '../models/offline/conversation.ts';
import { ScriptedChatModel } from './scripted-chat-model.ts';

export function refundingModel(seen: BaseMessage[][] = []): ScriptedChatModel {
  return new ScriptedChatModel((messages) => {
    seen.push(messages);
    const last = messages.at(-1)!;
    if (last.getType() === 'tool') return new AIMessage('The refund was proposed for approval; it is not executed yet.');
    const match = /refund (\d+) on (A-\d+)/.exec(messageText(last));
    if (!match) return new AIMessage('Noted.');
    return new AIMessage({
      content: '',
      tool_calls: [{ id: 'call-1', name: 'test_issue_refund', args: { orderRef: match[2], amount: Number(match[1]) }, type: 'tool_call' }],
    });
  });
}
