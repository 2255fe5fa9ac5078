/**
 * HMAC signatures on event deliveries: `X-Copilot-Signature: t=<unix seconds>,v1=<hex>` where hex is
 * HMAC-SHA256(tenant webhook secret, "<t>.<raw body>"). The timestamp is signed so a captured
 * request cannot be replayed outside the allowed clock skew.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Copilot-Signature';
export const TENANT_HEADER = 'X-Copilot-Tenant';

export function computeSignature(secret: string, body: string, timestamp: number): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** The header value for a body, e.g. for tests, the seed and the README example. */
export function signEventBody(secret: string, body: string, timestamp: number = Math.floor(Date.now() / 1000)): string {
  return `t=${timestamp},v1=${computeSignature(secret, body, timestamp)}`;
}

export type SignatureCheck = { ok: true; timestamp: number } | { ok: false; reason: 'missing' | 'malformed' | 'stale' | 'mismatch' };

export function parseSignatureHeader(header: string): { timestamp: number; signatures: string[] } | undefined {
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [key, value] = part.trim().split('=', 2);
    if (key === 't' && value && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    // Several v1 values are allowed so a sender can sign with old and new secret during rotation.
    else if (key === 'v1' && value && /^[0-9a-f]{64}$/i.test(value)) signatures.push(value.toLowerCase());
  }
  return timestamp === undefined || signatures.length === 0 ? undefined : { timestamp, signatures };
}

export function verifyEventSignature(input: {
  secret: string;
  body: string;
  header: string | undefined | null;
  maxSkewSeconds: number;
  now?: number;
}): SignatureCheck {
  if (!input.header) return { ok: false, reason: 'missing' };
  const parsed = parseSignatureHeader(input.header);
  if (!parsed) return { ok: false, reason: 'malformed' };
  const now = input.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - parsed.timestamp) > input.maxSkewSeconds) return { ok: false, reason: 'stale' };
  const expected = Buffer.from(computeSignature(input.secret, input.body, parsed.timestamp), 'hex');
  const matches = parsed.signatures.some((signature) => {
    const given = Buffer.from(signature, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return matches ? { ok: true, timestamp: parsed.timestamp } : { ok: false, reason: 'mismatch' };
}
