/** The UI's session cookie: httpOnly, SameSite=Strict, Secure when served over https. */
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

export const SESSION_COOKIE = 'copilot_session';
/** A partner person's session (web_partner_sessions): a separate cookie, so the two lookups never mix. */
export const PARTNER_SESSION_COOKIE = 'copilot_partner_session';

export function isHttps(c: Context): boolean {
  // A TLS-terminating proxy says so in X-Forwarded-Proto; trusting it can only make the cookie stricter.
  return new URL(c.req.url).protocol === 'https:' || c.req.header('X-Forwarded-Proto') === 'https';
}

export function readSessionCookie(c: Context, name = SESSION_COOKIE): string | undefined {
  return getCookie(c, name) || undefined;
}

export function writeSessionCookie(c: Context, token: string, expiresAt: Date, name = SESSION_COOKIE): void {
  setCookie(c, name, token, {
    httpOnly: true,
    sameSite: 'Strict',
    secure: isHttps(c),
    path: '/',
    expires: expiresAt,
  });
}

export function clearSessionCookie(c: Context, name = SESSION_COOKIE): void {
  deleteCookie(c, name, { path: '/', httpOnly: true, sameSite: 'Strict', secure: isHttps(c) });
}
