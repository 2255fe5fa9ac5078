import { serve, type ServerType } from '@hono/node-server';
import { deliverDatabaseReplies } from '../core/db/pglite-in-thread.ts';

type FetchHandler = Parameters<typeof serve>[0]['fetch'];

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** Listens on host:port; resolves once the socket is bound. */
export function startServer(app: { fetch: FetchHandler }, port: number, hostname: string): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    let server: ServerType | undefined;
    try {
      // Each arriving request first hands the embedded database's waiting replies to their callers, so a
      // transaction holding the database thread sends its next statement now, not a loop turn later.
      const fetch: FetchHandler = (request, env) => {
        deliverDatabaseReplies();
        return app.fetch(request, env);
      };
      server = serve({ fetch, port, hostname }, (info) => {
        resolve({
          url: `http://${hostname.includes(':') ? `[${hostname}]` : hostname}:${info.port}`,
          close: () => new Promise<void>((done) => server!.close(() => done())),
        });
      });
      server.on('error', reject);
    } catch (error) {
      reject(error);
    }
  });
}
