/**
 * Real receivers on loopback for notification tests: an HTTP server standing in for Slack and Teams
 * webhooks (records each JSON body by path; a path can be told to fail), and an SMTP server
 * (smtp-server) whose mails are parsed with mailparser.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ChatReceiver {
  url: string;
  /** JSON bodies received, by path. */
  received: Map<string, unknown[]>;
  /** Answer this status to the next N requests on a path. */
  failNext(path: string, count: number, status?: number): void;
  close(): Promise<void>;
}

export async function startChatReceiver(): Promise<ChatReceiver> {
  const received = new Map<string, unknown[]>();
  const failures = new Map<string, { count: number; status: number }>();
  const server: Server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const path = request.url ?? '/';
      const failure = failures.get(path);
      if (failure && failure.count > 0) {
        failure.count -= 1;
        response.writeHead(failure.status).end('try later');
        return;
      }
      try {
        const list = received.get(path) ?? [];
        list.push(JSON.parse(body));
        received.set(path, list);
        response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      } catch {
        response.writeHead(400).end('invalid_payload');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    failNext: (path, count, status = 500) => failures.set(path, { count, status }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export interface MailReceiver {
  url: string;
  mails: ParsedMail[];
  close(): Promise<void>;
}

export async function startMailReceiver(): Promise<MailReceiver> {
  const mails: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          mails.push(mail);
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, mails, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
