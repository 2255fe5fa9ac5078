/**
 * Validates a webhook endpoint URL (SSRF guard, first half; the second half re-checks every resolved
 * address at connect time, see post-webhook.ts): http(s) only, no credentials in the URL (they would
 * end up in listings and logs), https unless an operator allowed private targets, and no loopback,
 * private or link-local host unless an operator allowed it.
 */
import { isIP } from 'node:net';
import { z } from 'zod';
import { ValidationError } from '../../core/errors.ts';
import { isPrivateAddress } from './private-address.ts';

export const MAX_URL_LENGTH = 2000;

// Names that resolve to this machine or a local network whatever DNS says.
const LOCAL_NAMES = /(^|\.)(localhost|local|internal|localdomain|home\.arpa)$/i;

function refuse(message: string): never {
  throw new ValidationError(`url: ${message}`, [{ path: 'url', message }]);
}

export function validateEndpointUrl(input: string, options: { allowPrivate: boolean }): URL {
  if (input.length > MAX_URL_LENGTH) refuse(`must be at most ${MAX_URL_LENGTH} characters`);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f\s]/.test(input)) refuse('must not contain spaces or control characters');
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    refuse('is not a valid URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') refuse('must be an http:// or https:// URL');
  if (url.username || url.password) refuse('must not contain credentials (the signature authenticates each request)');
  if (url.hash) refuse('must not contain a #fragment');
  if (options.allowPrivate) return url;
  if (url.protocol !== 'https:') refuse('must use https (plain http only for operator-allowed private targets)');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) !== 0 ? isPrivateAddress(host) : LOCAL_NAMES.test(host) || !host.includes('.')) {
    refuse(`${host} is a loopback, private or local address; only an operator may allow it (copilot webhooks add --allow-private)`);
  }
  return url;
}

const emailSchema = z.email();

/** mailto:a@example.com[,b@example.com] (email routes): at most 20 well-formed addresses, nothing else. */
export function validateMailto(input: string): string {
  if (!input.startsWith('mailto:')) refuse('an email route needs mailto:address[,address]');
  const addresses = input
    .slice('mailto:'.length)
    .split(',')
    .map((address) => address.trim());
  if (addresses.length === 0 || addresses.length > 20) refuse('mailto: needs 1 to 20 addresses');
  for (const address of addresses) if (!emailSchema.safeParse(address).success) refuse(`${address || '(empty)'} is not an email address`);
  return `mailto:${addresses.join(',')}`;
}

/**
 * The URL as listings and logs show it: origin and path, without query (it may carry tokens). A Slack
 * incoming webhook carries its secret in the path, so only its origin is shown.
 */
export function redactUrl(url: string, channel: string = 'webhook'): string {
  if (url.startsWith('mailto:')) return url;
  try {
    const parsed = new URL(url);
    if (channel === 'slack') return `${parsed.origin}/…`;
    return `${parsed.origin}${parsed.pathname}${parsed.search ? '?…' : ''}`;
  } catch {
    return '(invalid url)';
  }
}
