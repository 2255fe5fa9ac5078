import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { context, trace } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PgliteDatabase } from '../../core/db/pglite.ts';
import { createTestDb } from '../../core/testing/test-db.ts';
import { OfflineChatModel } from '../models/offline/offline-chat-model.ts';
import { chatSystemPrompt } from '../prompts/system-prompts.ts';
import { runAgent } from '../run/run-agent.ts';
import { createPrincipal, sampleData } from '../testing/fixtures.ts';
import { createScriptedToolbox } from '../testing/scripted-toolbox.ts';
import { startTracing, tracesUrl } from './start-tracing.ts';

let db: PgliteDatabase;
const received: Array<{ path: string; contentType: string; body: Buffer }> = [];
const collector = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    received.push({ path: request.url ?? '', contentType: String(request.headers['content-type']), body: Buffer.concat(chunks) });
    response.writeHead(200, { 'Content-Type': 'application/json' });
    response.end('{}');
  });
});

beforeAll(async () => {
  db = await createTestDb();
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  trace.disable();
  context.disable();
  await new Promise<void>((resolve) => collector.close(() => resolve()));
  await db.close();
});

describe('startTracing', () => {
  it('is off without OTEL_EXPORTER_OTLP_ENDPOINT', async () => {
    expect(await startTracing({ OTEL_EXPORTER_OTLP_ENDPOINT: undefined })).toBeUndefined();
    expect(tracesUrl('http://collector:4318')).toBe('http://collector:4318/v1/traces');
    expect(tracesUrl('http://collector:4318/v1/traces')).toBe('http://collector:4318/v1/traces');
  });

  it('exports run, model, tool and policy spans to the OTLP endpoint', async () => {
    const { port } = collector.address() as AddressInfo;
    const tracing = await startTracing({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}` });
    expect(tracing).toBeDefined();
    const principal = await createPrincipal(db, 'acme');
    await runAgent({
      db,
      toolbox: createScriptedToolbox(sampleData()),
      model: { id: 'offline', model: new OfflineChatModel() },
      principal,
      kind: 'chat',
      systemPrompt: chatSystemPrompt({ principal }),
      input: { message: 'status of order SO-10482', history: [] },
    });
    await tracing!.flush();
    await tracing!.shutdown();
    expect(received.length).toBeGreaterThan(0);
    expect(received[0]!.path).toBe('/v1/traces');
    const payload = received.map((request) => request.body.toString('latin1')).join('\n');
    for (const name of ['agent.run', 'agent.model_call', 'agent.tool_call', 'policy.decision']) expect(payload).toContain(name);
  });
});
