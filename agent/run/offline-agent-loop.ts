/**
 * The agent loop of `createAgent` without LangGraph, for the offline model's triage runs: a model call
 * through the same middlewares' `wrapModelCall` (first outermost), then every tool call of the reply
 * in parallel through their `wrapToolCall` (the policy gate answers each), and again until a reply
 * calls no tool. The offline model is plain CPU work with nothing to overlap, and the graph's own
 * machinery per step (channels, checkpoints, tasks, callback managers, LangSmith run trees) was
 * 16–19 % self time in the profiles; the measured saving is smaller (docs/benchmarks.md, triage, session 11). Same middleware
 * objects, same requests, same messages: a run's transcript, decisions and records are the graph's
 * (compared on 50 exceptions). Real models keep the graph (`createAgent`, agent-execution.ts).
 */
import { randomUUID } from 'node:crypto';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { AIMessage, type AIMessageChunk, type BaseMessage, SystemMessage, type ToolMessage, type ToolCall } from '@langchain/core/messages';
import type { ChatGenerationChunk } from '@langchain/core/outputs';
import type { StructuredToolInterface } from '@langchain/core/tools';
import type { AgentMiddleware } from 'langchain';
import { OfflineChatModel } from '../models/offline/offline-chat-model.ts';
import { GateBypassError } from '../toolbox/langchain-tools.ts';
import type { AnswerStream } from './answer-stream.ts';

/** The middleware hooks this loop calls (the ones agent-execution.ts uses); any other hook is refused. */
type ModelCallHandler = (request: ModelCallRequest) => Promise<AIMessage>;
type ToolCallHandler = (request: ToolCallRequest) => Promise<ToolMessage>;

interface ModelCallRequest {
  model: BaseChatModel;
  systemPrompt: string;
  systemMessage: SystemMessage;
  messages: BaseMessage[];
  tools: StructuredToolInterface[];
  state: { messages: BaseMessage[] };
  runtime: Readonly<Record<string, unknown>>;
  modelSettings?: Record<string, unknown>;
}

interface ToolCallRequest {
  toolCall: ToolCall;
  tool: StructuredToolInterface | undefined;
  state: { messages: BaseMessage[] };
  runtime: Readonly<Record<string, unknown>>;
}

interface Hooks {
  name: string;
  wrapModelCall?: (request: ModelCallRequest, handler: ModelCallHandler) => Promise<AIMessage>;
  wrapToolCall?: (request: ToolCallRequest, handler: ToolCallHandler) => Promise<ToolMessage>;
}

const SUPPORTED_HOOKS = new Set(['name', 'wrapModelCall', 'wrapToolCall']);

/** Whether this loop can run the model: the offline planner only (it streams no network reply to overlap). */
export function runsWithoutGraph(model: BaseChatModel): boolean {
  return model instanceof OfflineChatModel;
}

export interface OfflineLoopOptions {
  model: BaseChatModel;
  tools: StructuredToolInterface[];
  systemPrompt: string;
  middleware: readonly AgentMiddleware[];
  inputMessages: BaseMessage[];
  signal: AbortSignal;
  answer: AnswerStream;
  onMessages: (messages: BaseMessage[]) => void;
  /** Model calls at most (the graph's recursion limit, counted in model calls): the model-call guard ends a run long before. */
  maxModelCalls: number;
}

/** createAgent's system message for a string prompt (langchain's normalizeSystemPrompt). */
function systemMessageFor(prompt: string): SystemMessage {
  return new SystemMessage({ content: [{ type: 'text', text: prompt }] });
}

/** One model call as the graph makes it with the answer streamed: the reply's chunks, pushed to the answer stream as they come, then joined. */
async function callModel(request: ModelCallRequest, step: number, answer: AnswerStream, streamed: Set<string>): Promise<AIMessage> {
  const model = request.model.bindTools?.(request.tools) as BaseChatModel | undefined;
  if (!model) throw new Error('the offline loop needs a model that binds tools');
  const messages = [...(request.systemMessage.text === '' ? [] : [request.systemMessage]), ...request.messages];
  const id = `run-${randomUUID()}`;
  let joined: ChatGenerationChunk | undefined;
  for await (const chunk of model._streamResponseChunks(messages, {} as never, undefined)) {
    if (chunk.message.id == null) chunk.message.id = id;
    joined = joined === undefined ? chunk : joined.concat(chunk);
    // What LangGraph's message stream forwards: each token chunk of text as it is generated.
    if (typeof chunk.message.content === 'string' && chunk.message.content) {
      streamed.add(id);
      answer.push(chunk.message, { langgraph_step: step });
    }
  }
  if (!joined) throw new Error('Received empty response from chat model call.');
  return joined.message as AIMessageChunk;
}

export async function runOfflineLoop(options: OfflineLoopOptions): Promise<void> {
  const hooks = options.middleware as unknown as Hooks[];
  for (const middleware of hooks) {
    const unsupported = Object.keys(middleware).filter(
      (key) => !SUPPORTED_HOOKS.has(key) && (middleware as unknown as Record<string, unknown>)[key] !== undefined,
    );
    if (unsupported.length)
      throw new Error(`the offline loop does not run middleware hooks ${unsupported.join(', ')} (${middleware.name})`);
  }
  const systemMessage = systemMessageFor(options.systemPrompt);
  const toolsByName = new Map(options.tools.map((tool) => [tool.name, tool]));
  const runtime = Object.freeze({ signal: options.signal });
  const messages: BaseMessage[] = [...options.inputMessages];
  const streamed = new Set<string>();
  // LangGraph counts a step per node run: the model's steps are 1, 3, 5 … with the tools between.
  for (let call = 0, step = 1; call < options.maxModelCalls; call += 1, step += 2) {
    options.signal.throwIfAborted();
    let handler: ModelCallHandler = (request) => callModel(request, step, options.answer, streamed);
    for (const middleware of [...hooks].reverse()) {
      if (!middleware.wrapModelCall) continue;
      const inner = handler;
      const wrap = middleware.wrapModelCall;
      handler = (request) => wrap({ ...request, state: { messages: [...messages] }, runtime }, inner);
    }
    const reply = await handler({
      model: options.model,
      systemPrompt: systemMessage.text,
      systemMessage,
      messages: [...messages],
      tools: options.tools,
      state: { messages: [...messages] },
      runtime,
    });
    if (!AIMessage.isInstance(reply)) throw new Error('a model-call middleware returned something other than a message');
    reply.name = 'model';
    reply.lc_kwargs.name = 'model';
    // A reply the stream did not carry (tool calls, or a middleware's own message) is forwarded whole, as the graph does at the node's end.
    if (!reply.id || !streamed.has(reply.id)) options.answer.push(reply, { langgraph_step: step });
    messages.push(reply);
    options.onMessages([...messages]);
    const calls = reply.tool_calls ?? [];
    if (calls.length === 0) return;
    options.signal.throwIfAborted();
    const state = { messages: [...messages] };
    const results = await Promise.all(
      calls.map((toolCall) => runToolCall(hooks, { toolCall, tool: toolsByName.get(toolCall.name), state, runtime })),
    );
    messages.push(...results);
    options.onMessages([...messages]);
  }
}

/** One tool call through the middlewares' wrapToolCall (first outermost); the bound tools' bodies never run. */
function runToolCall(hooks: readonly Hooks[], request: ToolCallRequest): Promise<ToolMessage> {
  // The bound tools' bodies only refuse (langchain-tools.ts): the policy gate answers every call before this.
  let handler: ToolCallHandler = async (final) => {
    throw new GateBypassError(final.toolCall.name);
  };
  for (const middleware of [...hooks].reverse()) {
    if (!middleware.wrapToolCall) continue;
    const inner = handler;
    const wrap = middleware.wrapToolCall;
    handler = (passed) => wrap({ ...passed, state: { ...request.state, ...passed.state } }, inner);
  }
  return handler(request);
}
