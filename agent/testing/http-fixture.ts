/** Request and connection helpers shared by the scripted model servers (OpenAI-compatible, Anthropic, Ollama). */
import type { IncomingMessage, ServerResponse } from 'node:http';

export function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** Waits `ms` unless the client closes the connection first (then true). */
export function hang(response: ServerResponse, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    response.on('close', () => {
      clearTimeout(timer);
      resolve(!response.writableEnded);
    });
  });
}
