import { AsyncLocalStorage } from 'node:async_hooks';
import { AIMessage } from '@langchain/core/messages';
import {
  ROOT_CONTEXT,
  context,
  trace,
  type Attributes,
  type Context,
  type ContextManager,
  type Span,
  type SpanOptions,
  type Tracer,
  type TracerProvider,
} from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from '../../core/testing/test-db.ts';
import type { PgliteDatabase } from '../../core/db/pglite.ts';
import { chatSystemPrompt } from '../prompts/system-prompts.ts';
import { runAgent } from '../run/run-agent.ts';
import { createPrincipal, sampleData } from '../testing/fixtures.ts';
import { ScriptedChatModel } from '../testing/scripted-chat-model.ts';
import { createScriptedToolbox } from '../testing/scripted-toolbox.ts';

interface RecordedSpan {
  name: string;
  attributes: Attributes;
  parent: string | undefined;
  ended: boolean;
}

/** A minimal in-memory tracer provider: records span names, attributes and the active parent. */
function recordingProvider(spans: RecordedSpan[]): TracerProvider {
  const tracer: Tracer = {
    startSpan(name: string, options?: SpanOptions, parentContext?: Context): Span {
      const parentSpan = trace.getSpan(parentContext ?? context.active()) as (Span & { recorded?: RecordedSpan }) | undefined;
      const recorded: RecordedSpan = {
        name,
        attributes: { ...(options?.attributes ?? {}) },
        parent: parentSpan?.recorded?.name,
        ended: false,
      };
      spans.push(recorded);
      const span = trace.wrapSpanContext({
        traceId: `${'0'.repeat(31)}1`,
        spanId: String(spans.length).padStart(16, '0'),
        traceFlags: 1,
      }) as Span & { recorded?: RecordedSpan };
      span.recorded = recorded;
      span.setAttributes = (attributes: Attributes) => {
        Object.assign(recorded.attributes, attributes);
        return span;
      };
      span.end = () => {
        recorded.ended = true;
      };
      return span;
    },
    startActiveSpan(name: string, ...rest: unknown[]) {
      const fn = rest.at(-1) as (span: Span) => unknown;
      const options = (typeof rest[0] === 'object' ? rest[0] : undefined) as SpanOptions | undefined;
      const span = this.startSpan(name, options);
      return context.with(trace.setSpan(context.active(), span), () => fn(span));
    },
  } as Tracer;
  return { getTracer: () => tracer };
}

/** What an SDK's AsyncLocalStorage context manager does: keeps the active span across awaits. */
function asyncContextManager(): ContextManager {
  const storage = new AsyncLocalStorage<Context>();
  const manager: ContextManager = {
    active: () => storage.getStore() ?? ROOT_CONTEXT,
    with: (ctx, fn, thisArg, ...args) => storage.run(ctx, () => fn.call(thisArg, ...args)),
    bind: (_ctx, target) => target,
    enable: () => manager,
    disable: () => manager,
  };
  return manager;
}

let db: PgliteDatabase;
const spans: RecordedSpan[] = [];

beforeAll(async () => {
  db = await createTestDb();
  context.setGlobalContextManager(asyncContextManager());
  trace.setGlobalTracerProvider(recordingProvider(spans));
});
afterAll(async () => {
  trace.disable();
  context.disable();
  await db.close();
});

describe('agent spans', () => {
  it('records run, model call, tool call and policy decision spans with their attributes', async () => {
    const principal = await createPrincipal(db, 'acme');
    const model = new ScriptedChatModel((_messages, call) =>
      call === 1
        ? new AIMessage({
            content: '',
            tool_calls: [{ id: 'c1', name: 'get_order', args: { orderNumber: 'SO-10482' }, type: 'tool_call' }],
          })
        : new AIMessage('ok'),
    );
    const result = await runAgent({
      db,
      toolbox: createScriptedToolbox(sampleData()),
      model: { id: 'scripted', model },
      principal,
      kind: 'chat',
      systemPrompt: chatSystemPrompt({ principal }),
      input: { message: 'status', history: [] },
    });
    const names = spans.map((span) => span.name);
    expect(names.filter((name) => name === 'agent.run')).toHaveLength(1);
    expect(names.filter((name) => name === 'agent.model_call')).toHaveLength(2);
    const toolSpan = spans.find((span) => span.name === 'agent.tool_call')!;
    expect(toolSpan.attributes).toMatchObject({ 'tool.name': 'get_order', 'tool.status': 'ok', 'agent.run_id': result.runId });
    const decision = spans.find((span) => span.name === 'policy.decision')!;
    expect(decision).toMatchObject({ parent: 'agent.tool_call', attributes: { 'policy.decision': 'allow' } });
    expect(spans.find((span) => span.name === 'agent.run')!.attributes).toMatchObject({
      'agent.status': 'completed',
      'agent.tool_calls': 1,
    });
    expect(spans.every((span) => span.ended)).toBe(true);
  });
});
