/**
 * `COPILOT_MODEL=offline`: a deterministic planner behind LangChain's chat-model interface. It reads
 * the conversation, plans tool calls from the tools bound to it, and answers only from tool results
 * and retrieved passages. Keyword heuristics, documented as such; no network, same output every time.
 */
import { BaseChatModel, type BaseChatModelParams, type BindToolsInput } from '@langchain/core/language_models/chat_models';
import { AIMessage, AIMessageChunk, type BaseMessage } from '@langchain/core/messages';
import { ChatGenerationChunk, type ChatResult } from '@langchain/core/outputs';
import type { CallbackManagerForLLMRun } from '@langchain/core/callbacks/manager';
import { convertToOpenAITool } from '@langchain/core/utils/function_calling';
import { loadWordVectors, type WordVectors } from '../../../retrieval/index.ts';
import { parseTriageMessage } from '../../triage/triage-message.ts';
import { answerChunks } from './answer-chunks.ts';
import { readConversation } from './conversation.ts';
import { planChatStep } from './chat-planner.ts';
import { planTriageStep } from './triage-planner.ts';
import type { BoundTool, PlanStep, PlannerContext } from './planner-types.ts';
import type { JsonSchema } from './fill-arguments.ts';

export const OFFLINE_MODEL_ID = 'offline';

export interface OfflineChatModelParams extends BaseChatModelParams {
  /** Clock for dates in drafted arguments (tests pin it). */
  now?: () => Date;
}

function readTenant(system: string): PlannerContext['tenant'] {
  const match = /^Tenant: ([a-z0-9][a-z0-9-]*)(?: \((.+)\))?$/m.exec(system);
  return match ? { slug: match[1], ...(match[2] ? { name: match[2] } : {}) } : {};
}

function toBoundTool(input: BindToolsInput): BoundTool | undefined {
  const converted = convertToOpenAITool(input as Parameters<typeof convertToOpenAITool>[0]);
  if (converted.type !== 'function') return undefined;
  const metadata = (input as { metadata?: Record<string, unknown> }).metadata;
  const kind = metadata?.kind === 'read' || metadata?.kind === 'write' ? metadata.kind : undefined;
  return {
    name: converted.function.name,
    description: converted.function.description ?? '',
    parameters: (converted.function.parameters ?? {}) as JsonSchema,
    ...(kind ? { kind } : {}),
  };
}

export class OfflineChatModel extends BaseChatModel {
  readonly boundTools: ReadonlyMap<string, BoundTool>;
  readonly #now: () => Date;

  constructor(params: OfflineChatModelParams = {}, tools: ReadonlyMap<string, BoundTool> = new Map()) {
    super(params);
    this.#now = params.now ?? (() => new Date());
    this.boundTools = tools;
  }

  static override lc_name(): string {
    return 'OfflineChatModel';
  }

  _llmType(): string {
    return 'ops-copilot-offline';
  }

  override bindTools(tools: BindToolsInput[]): OfflineChatModel {
    const bound = new Map(this.boundTools);
    for (const tool of tools) {
      const converted = toBoundTool(tool);
      if (converted) bound.set(converted.name, converted);
    }
    return new OfflineChatModel({ now: this.#now }, bound);
  }

  /** The next step for this conversation: tool calls, or the final answer. */
  plan(messages: BaseMessage[], vectors?: WordVectors): PlanStep {
    const conversation = readConversation(messages);
    const context: PlannerContext = {
      conversation,
      tools: this.boundTools,
      tenant: readTenant(conversation.system),
      ...(vectors ? { vectors } : {}),
    };
    const triage = parseTriageMessage(conversation.input);
    return triage ? planTriageStep(context, triage.subject, triage.runbook, this.#now()) : planChatStep(context);
  }

  #toMessage(step: PlanStep, messages: BaseMessage[]): AIMessage {
    if (step.kind === 'answer') return new AIMessage({ content: step.text });
    const stepNumber = readConversation(messages).steps + 1;
    const calls = step.calls.map((call, index) => ({
      id: `offline_${stepNumber}_${index + 1}`,
      name: call.name,
      args: call.args,
      type: 'tool_call' as const,
    }));
    const rationales = Object.fromEntries(
      step.calls.flatMap((call, index) => (call.rationale ? [[calls[index]!.id, call.rationale]] : [])),
    );
    return new AIMessage({ content: '', tool_calls: calls, additional_kwargs: { rationales } });
  }

  /** The bundled word vectors (loaded once per process); without them, keyword cues only. */
  async #vectors(): Promise<WordVectors | undefined> {
    return loadWordVectors().catch(() => undefined);
  }

  async _generate(messages: BaseMessage[]): Promise<ChatResult> {
    const message = this.#toMessage(this.plan(messages, await this.#vectors()), messages);
    return { generations: [{ text: typeof message.content === 'string' ? message.content : '', message }] };
  }

  override async *_streamResponseChunks(
    messages: BaseMessage[],
    _options: this['ParsedCallOptions'],
    runManager?: CallbackManagerForLLMRun,
  ): AsyncGenerator<ChatGenerationChunk> {
    const message = this.#toMessage(this.plan(messages, await this.#vectors()), messages);
    if (message.tool_calls?.length) {
      yield new ChatGenerationChunk({
        text: '',
        message: new AIMessageChunk({
          content: '',
          additional_kwargs: message.additional_kwargs,
          tool_call_chunks: message.tool_calls.map((call, index) => ({
            id: call.id,
            name: call.name,
            args: JSON.stringify(call.args),
            index,
            type: 'tool_call_chunk' as const,
          })),
        }),
      });
      return;
    }
    const text = typeof message.content === 'string' ? message.content : '';
    // Sentence-sized chunks (answer-chunks.ts): the answer streams, at one callback a sentence.
    for (const piece of answerChunks(text)) {
      const chunk = new ChatGenerationChunk({ text: piece, message: new AIMessageChunk({ content: piece }) });
      yield chunk;
      await runManager?.handleLLMNewToken(piece, undefined, undefined, undefined, undefined, { chunk });
    }
  }
}
