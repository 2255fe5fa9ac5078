import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../server.ts';
import { bodySizeLimit } from './body-size-limit.ts';

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** An app behind the body limit that says whether its handler saw a full WHATWG request body object. */
function limitedApp(maxBytes: number) {
  const app = new Hono();
  app.use('*', bodySizeLimit(maxBytes));
  app.all('/echo', async (c) => c.json({ method: c.req.method, text: c.req.method === 'GET' ? '' : await c.req.text() }));
  return app;
}

describe('bodySizeLimit on the node server', () => {
  it('refuses a body over the limit with 413 and the API error shape, and passes one within it', async () => {
    server = await startServer(limitedApp(16), 0, '127.0.0.1');
    const over = await fetch(`${server.url}/echo`, { method: 'POST', body: 'y'.repeat(17) });
    expect(over.status).toBe(413);
    expect(await over.json()).toMatchObject({ error: { code: 'payload_too_large', details: { maxBytes: 16 } } });
    const within = await fetch(`${server.url}/echo`, { method: 'PUT', body: 'short body' });
    expect(await within.json()).toEqual({ method: 'PUT', text: 'short body' });
  });

  it('refuses a chunked body (no Content-Length) over the limit too', async () => {
    server = await startServer(limitedApp(16), 0, '127.0.0.1');
    const chunks = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('a'.repeat(10)));
        controller.enqueue(new TextEncoder().encode('b'.repeat(10)));
        controller.close();
      },
    });
    const over = await fetch(`${server.url}/echo`, { method: 'POST', body: chunks, duplex: 'half' } as RequestInit);
    expect(over.status).toBe(413);
  });

  it('lets GET and HEAD through without asking the request for a body', async () => {
    const app = new Hono();
    let bodyAsked = 0;
    app.use('*', async (c, next) => {
      // The node server's request materialises a full Request when its body is read: count those reads.
      const raw = c.req.raw;
      const descriptor = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(raw), 'body');
      Object.defineProperty(raw, 'body', {
        get() {
          bodyAsked += 1;
          return descriptor?.get?.call(raw);
        },
      });
      await next();
    });
    app.use('*', bodySizeLimit(16));
    app.all('/echo', (c) => c.json({ method: c.req.method }));
    server = await startServer(app, 0, '127.0.0.1');
    expect((await fetch(`${server.url}/echo`)).status).toBe(200);
    expect((await fetch(`${server.url}/echo`, { method: 'HEAD' })).status).toBe(200);
    expect(bodyAsked).toBe(0);
    expect((await fetch(`${server.url}/echo`, { method: 'POST', body: 'ok' })).status).toBe(200);
    expect(bodyAsked).toBeGreaterThan(0);
  });
});
