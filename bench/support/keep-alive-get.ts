/**
 * A load client's GET, timed until the whole body has arrived, over node:http with keep-alive
 * connections (at most `connections`, one per concurrent client). The reads benchmark used `fetch`
 * before session 13: undici's WHATWG layer (Request, Headers, AbortSignal, body streams) cost the client
 * 1.8–2.2 ms of CPU a request against 0.5 ms for this at 50 clients (a throwaway pair against a plain
 * node:http server, 2026-12-07 21:20 UTC, load 22) — as much CPU as the whole server's main thread, and
 * the clients share that thread with the server unless `--client-process` is given.
 */
import { Agent, request } from 'node:http';

export interface TimedResponse {
  ms: number;
  status: number;
}

export interface KeepAliveGetter {
  get(path: string): Promise<TimedResponse>;
  /** Closes the idle connections. */
  close(): void;
}

export function keepAliveGetter(baseUrl: string, headers: Record<string, string>, connections: number): KeepAliveGetter {
  const url = new URL(baseUrl);
  if (url.protocol !== 'http:') throw new Error(`keepAliveGetter speaks plain HTTP only, not ${url.protocol}`);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = Number(url.port || 80);
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  return {
    get(path) {
      const started = performance.now();
      return new Promise<TimedResponse>((resolve, reject) => {
        const outgoing = request({ host, port, path, headers, agent }, (response) => {
          response.on('error', reject);
          response.on('end', () => resolve({ ms: performance.now() - started, status: response.statusCode ?? 0 }));
          // Read and drop the body: the time counts until its last byte, as fetch plus arrayBuffer() did.
          response.resume();
        });
        outgoing.on('error', reject);
        outgoing.end();
      });
    },
    close() {
      agent.destroy();
    },
  };
}
