import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { keepAliveGetter } from './keep-alive-get.ts';

let server: Server | undefined;

afterEach(async () => {
  await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
  server = undefined;
});

/** A server answering `/status/<code>` with that code and a body of `size` bytes, counting connections and headers seen. */
async function startServer(size: number) {
  const seen = { connections: 0, authorization: [] as (string | undefined)[] };
  server = createServer((incoming, outgoing) => {
    seen.authorization.push(incoming.headers.authorization);
    const status = Number(/^\/status\/(\d+)$/.exec(incoming.url ?? '')?.[1] ?? 200);
    // Written in two parts with a pause between: the time must cover the whole body, not its first bytes.
    outgoing.writeHead(status, { 'content-type': 'text/plain' });
    outgoing.write('x'.repeat(size));
    setTimeout(() => outgoing.end('x'.repeat(size)), 30);
  });
  server.on('connection', () => {
    seen.connections += 1;
  });
  await new Promise<void>((listening) => server!.listen(0, '127.0.0.1', () => listening()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

describe('keepAliveGetter', () => {
  it('times each request until its whole body arrived and reports its status and the headers it sent', async () => {
    const { url, seen } = await startServer(70_000);
    const client = keepAliveGetter(url, { Authorization: 'Bearer k' }, 2);
    const answers = [await client.get('/status/200'), await client.get('/status/404')];
    client.close();
    expect(answers.map((answer) => answer.status)).toEqual([200, 404]);
    for (const answer of answers) expect(answer.ms).toBeGreaterThanOrEqual(25);
    expect(seen.authorization).toEqual(['Bearer k', 'Bearer k']);
  });

  it('keeps connections open and opens no more than it is given', async () => {
    const { url, seen } = await startServer(10);
    const client = keepAliveGetter(url, {}, 3);
    for (let round = 0; round < 4; round += 1) await Promise.all(Array.from({ length: 6 }, () => client.get('/status/200')));
    client.close();
    expect(seen.connections).toBe(3);
  });

  it('rejects when nothing listens', async () => {
    const { url } = await startServer(10);
    await new Promise<void>((done) => server!.close(() => done()));
    server = undefined;
    await expect(keepAliveGetter(url, {}, 1).get('/status/200')).rejects.toThrow();
  });
});
