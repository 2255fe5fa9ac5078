/**
 * The cookie that carries a sign-in from the authorization request to the provider's callback: the
 * state, nonce and PKCE verifier never leave the server in anything but this httpOnly cookie, which
 * lives ten minutes and is deleted when the callback reads it (a code is exchanged once). SameSite=Lax
 * because the callback is a top-level navigation from the provider's site; on https the `__Host-`
 * prefix keeps a sibling subdomain from planting one (login CSRF by cookie tossing).
 */
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { isHttps } from '../session-cookie.ts';
import { type PendingSignIn, pendingSignInSchema, SIGN_IN_WINDOW_MS } from './oidc-client.ts';

const PLAIN_NAME = 'copilot_oidc';
const HOST_NAME = '__Host-copilot_oidc';

export function writePendingSignIn(c: Context, pending: PendingSignIn): void {
  const secure = isHttps(c);
  setCookie(c, secure ? HOST_NAME : PLAIN_NAME, Buffer.from(JSON.stringify(pending)).toString('base64url'), {
    httpOnly: true,
    sameSite: 'Lax',
    secure,
    path: '/',
    maxAge: SIGN_IN_WINDOW_MS / 1000,
  });
}

/** The pending sign-in of this browser (and forgets it), or undefined when absent, tampered with or too old. */
export function takePendingSignIn(c: Context, now = Date.now()): PendingSignIn | undefined {
  const secure = isHttps(c);
  const name = secure ? HOST_NAME : PLAIN_NAME;
  const raw = getCookie(c, name);
  if (raw === undefined) return undefined;
  deleteCookie(c, name, { path: '/', httpOnly: true, sameSite: 'Lax', secure });
  if (raw.length > 4000) return undefined;
  try {
    const parsed = pendingSignInSchema.safeParse(JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')));
    if (!parsed.success) return undefined;
    const age = now - parsed.data.startedAt;
    return age >= 0 && age <= SIGN_IN_WINDOW_MS ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
