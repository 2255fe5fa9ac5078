/** Test support: a chat model whose every reply is computed by a script from the messages so far. */
import { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { AIMessage, BaseMessage } from '@langchain/core/messages';
import type { ChatResult } from '@langchain/core/outputs';

export type Script = (messages: BaseMessage[], call: number) => AIMessage | Promise<AIMessage>;

export class ScriptedChatModel extends BaseChatModel {
  readonly script: Script;
  readonly calls: { count: number };
  boundToolNames: string[] = [];

  constructor(script: Script, calls: { count: number } = { count: 0 }) {
    super({});
    this.script = script;
    this.calls = calls;
  }

  _llmType(): string {
    return 'scripted';
  }

  override bindTools(tools: Array<{ name?: string }>): ScriptedChatModel {
    const bound = new ScriptedChatModel(this.script, this.calls);
    bound.boundToolNames = tools.map((tool) => tool.name ?? '');
    return bound;
  }

  async _generate(messages: BaseMessage[]): Promise<ChatResult> {
    this.calls.count += 1;
    const message = await this.script(messages, this.calls.count);
    return { generations: [{ text: typeof message.content === 'string' ? message.content : '', message }] };
  }
}
