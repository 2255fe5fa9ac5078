/**
 * One HTTP POST of a signed message. Redirects are not followed (a 3xx is a failed attempt: following
 * one could lead past the SSRF guard), every resolved address is checked at connect time unless the
 * endpoint allows private targets (so DNS cannot rebind a public name onto an internal address), and
 * the whole exchange has one deadline. The response body is read (bounded) and discarded.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isPrivateAddress } from './private-address.ts';

export interface PostResult {
  /** HTTP status, or null when no response came (refused, reset, timeout, blocked). */
  status: number | null;
  retryAfter: string | null;
  error: string | null;
  durationMs: number;
}

export interface PostOptions {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  allowPrivate: boolean;
}

const MAX_RESPONSE_BYTES = 64 * 1024;

class BlockedAddressError extends Error {
  readonly code = 'EBLOCKEDADDRESS';
}

/** dns.lookup that refuses private answers (the connection never opens to them). */
const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '', 0);
    const list = addresses as LookupAddress[];
    const bad = list.find((entry) => isPrivateAddress(entry.address));
    if (bad) return callback(new BlockedAddressError(`${hostname} resolves to ${bad.address}, a private address`), '', 0);
    if (options.all) return (callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, list);
    callback(null, list[0]!.address, list[0]!.family);
  });
};

export function postWebhook(options: PostOptions): Promise<PostResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    let settled = false;
    let deadline: NodeJS.Timeout | undefined;
    const finish = (result: Omit<PostResult, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve({ ...result, durationMs: elapsed() });
    };
    const url = new URL(options.url);
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (!options.allowPrivate && isIP(host) !== 0 && isPrivateAddress(host)) {
      setImmediate(() => finish({ status: null, retryAfter: null, error: `blocked: ${host} is a private address` }));
      return;
    }
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = send(
      url,
      {
        method: 'POST',
        headers: { ...options.headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(options.body) },
        ...(options.allowPrivate ? {} : { lookup: guardedLookup }),
        agent: false,
      },
      (response: IncomingMessage) => {
        let received = 0;
        response.on('data', (chunk: Buffer) => {
          received += chunk.length;
          if (received > MAX_RESPONSE_BYTES) response.destroy();
        });
        const done = () => {
          const retryAfter = response.headers['retry-after'];
          finish({ status: response.statusCode ?? null, retryAfter: typeof retryAfter === 'string' ? retryAfter : null, error: null });
        };
        response.on('end', done);
        response.on('close', done);
        response.on('error', done);
      },
    );
    deadline = setTimeout(() => {
      request.destroy(new Error(`timed out after ${options.timeoutMs} ms`));
    }, options.timeoutMs);
    request.on('error', (error: NodeJS.ErrnoException) => {
      const reason = error.code && !error.message.includes(error.code) ? `${error.code}: ${error.message}` : error.message;
      finish({ status: null, retryAfter: null, error: reason });
    });
    request.end(options.body);
  });
}
