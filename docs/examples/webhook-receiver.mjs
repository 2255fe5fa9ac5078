// A minimal Ops Copilot webhook receiver (tested by test/integrations/webhook-receiver-example.test.ts).
// Verifies the Standard Webhooks signature on the raw body, applies each webhook-id once, answers 2xx
// fast; a failure to apply answers 500 so the message is retried.
import { createServer } from 'node:http';
import { Webhook } from 'standardwebhooks';

export function createReceiver(secret, apply) {
  const webhook = new Webhook(secret); // whsec_… from `copilot webhooks add`
  const applied = new Set(); // in production: a unique key on webhook-id in your database
  return createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', async () => {
      let message;
      try {
        message = webhook.verify(body, request.headers); // throws on a bad signature or a stale timestamp
      } catch {
        response.writeHead(401).end();
        return;
      }
      const id = request.headers['webhook-id'];
      try {
        if (!applied.has(id)) {
          await apply(message); // e.g. message.type === 'action.executed': do it, keyed by message.data.idempotencyKey
          applied.add(id);
        }
        response.writeHead(204).end();
      } catch {
        response.writeHead(500).end();
      }
    });
  });
}
