/**
 * The SDK's stdio transport silently drops a line that is not a JSON-RPC message and answers params
 * that do not fit their method with an internal error; a client then waits forever or sees a zod dump.
 * This sits between stdin and the transport: every line is checked first (mcp/malformed-messages.ts),
 * what is wrong is answered on stdout with the JSON-RPC error naming the problem, and only valid
 * lines reach the SDK. A line longer than the limit is discarded as it streams, so no client can
 * make the process buffer without bound.
 */
import { PassThrough, type Readable } from 'node:stream';
import { ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import { checkIncomingText, type JsonRpcErrorResponse } from '../malformed-messages.ts';

export interface GuardedStdinOptions {
  reply: (response: JsonRpcErrorResponse) => void;
  log: (message: string) => void;
  /** Longest accepted message line in bytes. */
  maxLineBytes?: number;
}

export const DEFAULT_MAX_LINE_BYTES = 16 * 1024 * 1024;
const NEWLINE = 0x0a;

export function guardStdin(stdin: Readable, options: GuardedStdinOptions): Readable {
  const limit = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const output = new PassThrough();
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let discarding = false;

  const handleLine = (bytes: Buffer): void => {
    const line = bytes.toString('utf8').replace(/\r$/, '');
    if (line.trim() === '') return;
    const verdict = checkIncomingText(line);
    if (verdict.kind === 'pass') output.write(`${line}\n`);
    else if (verdict.kind === 'refuse') options.reply(verdict.response);
    else options.log(`ignored a malformed notification: ${verdict.reason}`);
  };

  stdin.on('data', (chunk: Buffer | string) => {
    let data = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    for (let newline = data.indexOf(NEWLINE); newline !== -1; newline = data.indexOf(NEWLINE)) {
      const head = data.subarray(0, newline);
      data = data.subarray(newline + 1);
      if (discarding) {
        discarding = false; // the oversized line ends here
      } else if (pendingBytes + head.length > limit) {
        tooLong();
      } else {
        handleLine(pending.length ? Buffer.concat([...pending, head]) : head);
      }
      pending = [];
      pendingBytes = 0;
    }
    if (discarding || data.length === 0) return;
    if (pendingBytes + data.length > limit) {
      tooLong();
      pending = [];
      pendingBytes = 0;
      discarding = true;
      return;
    }
    pending.push(Buffer.from(data)); // a copy: the stream may reuse its buffer
    pendingBytes += data.length;
  });
  stdin.once('end', () => output.end());
  stdin.once('error', (error) => output.destroy(error));

  function tooLong(): void {
    options.reply({
      jsonrpc: '2.0',
      error: { code: ErrorCode.InvalidRequest, message: `invalid request: a message longer than ${limit} bytes was discarded` },
    });
  }
  return output;
}
