/**
 * A real HTTP receiver on loopback for tests and the benchmark: verifies every request's Standard
 * Webhooks signature with the stock library, applies each webhook-id once (later copies are answered
 * 200 and ignored, as the docs tell receivers to do), and misbehaves on request: a scripted status,
 * a slow answer, no answer at all (the sender times out), or a 200 for a message it then sees again.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export type Fault = { kind: 'status'; status: number; retryAfter?: string } | { kind: 'slow'; ms: number } | { kind: 'hang' };

export interface ReceivedMessage {
  webhookId: string;
  type: string;
  body: Record<string, unknown>;
  receivedAt: number;
}

export interface WebhookReceiver {
  url: string;
  port: number;
  /** Messages applied, in the order applied (first copy of each webhook-id). */
  applied: ReceivedMessage[];
  /** Every request that passed the signature check, duplicates included. */
  requests: number;
  duplicates: number;
  badSignatures: number;
  /** Faults to play, one per incoming request, before answering normally. */
  faults: Fault[];
  /** Called for each message applied (benchmarks measure latency here). */
  onApplied?: (message: ReceivedMessage) => void;
  close(): Promise<void>;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

export async function startWebhookReceiver(secret: string, options: { port?: number } = {}): Promise<WebhookReceiver> {
  const verifier = new Webhook(secret);
  const seen = new Set<string>();
  const hanging = new Set<ServerResponse>();
  const receiver: WebhookReceiver = {
    url: '',
    port: 0,
    applied: [],
    requests: 0,
    duplicates: 0,
    badSignatures: 0,
    faults: [],
    close: async () => {},
  };
  const server: Server = createServer(async (request, response) => {
    const body = await readBody(request);
    let payload: Record<string, unknown>;
    try {
      payload = verifier.verify(body, request.headers as Record<string, string>) as Record<string, unknown>;
    } catch {
      receiver.badSignatures += 1;
      response.writeHead(401).end('bad signature');
      return;
    }
    receiver.requests += 1;
    const fault = receiver.faults.shift();
    if (fault?.kind === 'hang') {
      hanging.add(response);
      return;
    }
    if (fault?.kind === 'status') {
      response.writeHead(fault.status, fault.retryAfter ? { 'retry-after': fault.retryAfter } : {}).end('fault');
      return;
    }
    if (fault?.kind === 'slow') await new Promise((resolve) => setTimeout(resolve, fault.ms));
    const webhookId = String(request.headers['webhook-id']);
    if (seen.has(webhookId)) {
      receiver.duplicates += 1;
    } else {
      seen.add(webhookId);
      const message: ReceivedMessage = { webhookId, type: String(payload.type), body: payload, receivedAt: Date.now() };
      receiver.applied.push(message);
      receiver.onApplied?.(message);
    }
    if (!response.destroyed) response.writeHead(200).end('ok');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  receiver.port = port;
  receiver.url = `http://127.0.0.1:${port}/hooks`;
  receiver.close = async () => {
    for (const response of hanging) response.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return receiver;
}
