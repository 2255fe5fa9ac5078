import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchThroughServer } from './search-through-server.ts';

describe('searchThroughServer (copilot search --server)', () => {
  const requests: IncomingMessage[] = [];
  const server = createServer((request, response) => {
    requests.push(request);
    if (request.headers.authorization !== 'Bearer ocp_good') {
      response.writeHead(401, { 'Content-Type': 'application/json' }).end('{"error":{"code":"unauthorized","message":"no"}}');
      return;
    }
    response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ hits: [{ documentId: 'rb-1', title: 'One' }] }));
  });
  let origin = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const search = { query: 'charged twice', passages: 10, perDocument: 2, mode: 'hybrid' };

  it('asks the runbook search endpoint with the options as query parameters and the key as bearer token', async () => {
    const hits = await searchThroughServer({ ...search, server: origin, apiKey: 'ocp_good', types: ['runbook', 'sop'] });
    expect(hits).toEqual([{ documentId: 'rb-1', title: 'One' }]);
    const url = new URL(requests.at(-1)!.url!, origin);
    expect(url.pathname).toBe('/v1/runbooks/search');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      q: 'charged twice',
      k: '10',
      perDocument: '2',
      mode: 'hybrid',
      type: 'runbook,sop',
    });
  });

  it('says so when the key is missing or refused', async () => {
    await expect(searchThroughServer({ ...search, server: origin, apiKey: undefined })).rejects.toThrow(/COPILOT_API_KEY is not set/);
    await expect(searchThroughServer({ ...search, server: origin, apiKey: 'ocp_bad' })).rejects.toThrow(/did not accept COPILOT_API_KEY/);
  });
});
