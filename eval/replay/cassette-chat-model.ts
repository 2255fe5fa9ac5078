/**
 * Cassettes: the model responses a transcript recorded, served back in order by a LangChain chat
 * model, so a run made with an OpenAI-compatible model replays offline and deterministically against
 * the current tools, policies and gate. A replay that asks for more than was recorded, or whose
 * conversation no longer lines up with the recording, fails with a CassetteDivergenceError saying
 * where — it never improvises a response.
 */
import { BaseChatModel, type BindToolsInput } from '@langchain/core/language_models/chat_models';
import { AIMessage, ToolMessage, type BaseMessage } from '@langchain/core/messages';
import type { ChatResult } from '@langchain/core/outputs';
import { convertToOpenAITool } from '@langchain/core/utils/function_calling';
import { AppError } from '../../core/errors.ts';
import type { RunTranscript } from '../../agent/transcripts/transcript-schema.ts';

export class CassetteDivergenceError extends AppError {
  /** A client-style status so the model-call guard does not retry: the same request diverges every time. */
  readonly status = 400;
  constructor(message: string, details?: Record<string, unknown>) {
    // core's error codes are fixed; a recording that no longer fits is a failed precondition of the replay.
    super('precondition_failed', `cassette divergence: ${message}`, { cassette: true, ...details });
  }
}

export interface RecordedToolCall {
  id: string;
  name: string;
  args: Record<string, unknown>;
}

export interface RecordedResponse {
  content: string;
  toolCalls: RecordedToolCall[];
}

/**
 * The responses of a recorded run: its assistant messages after the last user message (earlier
 * assistant messages are chat history the model was given, not responses of this run).
 */
export function cassetteFromTranscript(transcript: Pick<RunTranscript, 'messages'>): RecordedResponse[] {
  const lastUser = transcript.messages.map((message) => message.role).lastIndexOf('user');
  return transcript.messages
    .slice(lastUser + 1)
    .filter((message) => message.role === 'assistant')
    .map((message) => ({
      content: message.content,
      toolCalls: (message.toolCalls ?? []).map((call) => ({
        id: call.id,
        name: call.name,
        args: call.args !== null && typeof call.args === 'object' ? (call.args as Record<string, unknown>) : {},
      })),
    }));
}

interface CassetteState {
  served: number;
  /**
   * Ids of the recording → ids of the replay (a rebuilt fixture gives its exception a new id): recorded
   * arguments and text that name an old id are served with the new one.
   */
  ids: Map<string, string>;
}

function substituteIds<T>(value: T, ids: ReadonlyMap<string, string>): T {
  if (!ids.size) return value;
  if (typeof value === 'string') {
    let text: string = value;
    for (const [from, to] of ids) text = text.split(from).join(to);
    return text as T;
  }
  if (Array.isArray(value)) return value.map((item) => substituteIds(item, ids)) as T;
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, substituteIds(item, ids)])) as T;
  return value;
}

function toolName(input: BindToolsInput): string | undefined {
  try {
    const converted = convertToOpenAITool(input as Parameters<typeof convertToOpenAITool>[0]);
    return converted.type === 'function' ? converted.function.name : undefined;
  } catch {
    return undefined;
  }
}

export class CassetteChatModel extends BaseChatModel {
  readonly responses: readonly RecordedResponse[];
  readonly #state: CassetteState;
  readonly #boundTools: ReadonlySet<string> | undefined;

  constructor(
    responses: readonly RecordedResponse[],
    state: CassetteState = { served: 0, ids: new Map() },
    boundTools?: ReadonlySet<string>,
  ) {
    super({});
    this.responses = responses;
    this.#state = state;
    this.#boundTools = boundTools;
  }

  static override lc_name(): string {
    return 'CassetteChatModel';
  }

  _llmType(): string {
    return 'cassette';
  }

  /** Responses served so far (a complete replay serves every recorded response). */
  get served(): number {
    return this.#state.served;
  }

  /** Serve `to` wherever the recording names `from` (ids that differ between the recording and the replay). */
  mapId(from: string, to: string): void {
    if (from !== to) this.#state.ids.set(from, to);
  }

  override bindTools(tools: BindToolsInput[]): CassetteChatModel {
    const names = new Set(tools.map(toolName).filter((name): name is string => name !== undefined));
    return new CassetteChatModel(this.responses, this.#state, names);
  }

  /** Checks that the conversation so far is the recorded one: each earlier response in place, each of its calls answered. */
  #checkConversation(messages: BaseMessage[], index: number): void {
    const lastHuman = messages.map((message) => message.getType()).lastIndexOf('human');
    const turn = messages.slice(lastHuman + 1);
    const earlier = turn.filter((message) => AIMessage.isInstance(message));
    if (earlier.length !== index) {
      throw new CassetteDivergenceError(
        `model call #${index + 1}: the conversation holds ${earlier.length} earlier model responses, the recording ${index} — the replay no longer lines up with the recording`,
        { call: index + 1 },
      );
    }
    const answered = new Set(
      turn.filter((message) => ToolMessage.isInstance(message)).map((message) => (message as ToolMessage).tool_call_id),
    );
    for (const [position, response] of this.responses.slice(0, index).entries()) {
      const unanswered = response.toolCalls.filter((call) => !answered.has(call.id));
      if (unanswered.length) {
        throw new CassetteDivergenceError(
          `model call #${index + 1}: recorded response #${position + 1} asked for ${unanswered.map((call) => `${call.name} (${call.id})`).join(', ')}, but the replay has no result for it`,
          { call: index + 1 },
        );
      }
    }
  }

  async _generate(messages: BaseMessage[]): Promise<ChatResult> {
    const index = this.#state.served;
    const response = this.responses[index];
    if (!response) {
      throw new CassetteDivergenceError(
        `model call #${index + 1}: the cassette holds only ${this.responses.length} recorded response${this.responses.length === 1 ? '' : 's'}`,
        {
          call: index + 1,
          recorded: this.responses.length,
        },
      );
    }
    this.#checkConversation(messages, index);
    const unknown = this.#boundTools ? response.toolCalls.filter((call) => !this.#boundTools!.has(call.name)) : [];
    if (unknown.length && this.#boundTools!.size) {
      throw new CassetteDivergenceError(
        `model call #${index + 1}: the recorded response calls ${unknown.map((call) => call.name).join(', ')}, which this build does not offer the model`,
        { call: index + 1, tools: unknown.map((call) => call.name) },
      );
    }
    this.#state.served += 1;
    const content = substituteIds(response.content, this.#state.ids);
    const message = new AIMessage({
      content,
      tool_calls: response.toolCalls.map((call) => ({
        id: call.id,
        name: call.name,
        args: substituteIds(call.args, this.#state.ids),
        type: 'tool_call' as const,
      })),
    });
    return { generations: [{ text: content, message }] };
  }
}
