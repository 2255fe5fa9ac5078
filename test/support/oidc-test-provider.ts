/**
 * A real OpenID Connect provider on a loopback port (the `oidc-provider` package, with its development
 * login and consent pages), and a tiny browser that walks its pages with a cookie jar, so single
 * sign-on tests run the whole authorization-code + PKCE exchange over HTTP.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type ClientMetadata, type Configuration } from 'oidc-provider';

export interface TestAccount {
  name: string;
  email?: string;
  groups?: string[];
}

export interface OidcTestProvider {
  issuer: string;
  /** The client the product is registered as, and a second client of the same provider. */
  client: { id: string; secret: string };
  otherClient: { id: string; secret: string };
  accounts: Map<string, TestAccount>;
  /** Every request stops being answered (the provider is down) or is answered again. */
  setDown(down: boolean): void;
  close(): Promise<void>;
}

export async function startOidcTestProvider(options: { appUrl: string; accounts: Record<string, TestAccount> }): Promise<OidcTestProvider> {
  const accounts = new Map(Object.entries(options.accounts));
  let down = false;
  let handler: ((request: import('node:http').IncomingMessage, response: import('node:http').ServerResponse) => void) | undefined;
  const server: Server = createServer((request, response) => {
    if (down || !handler) {
      request.socket.destroy();
      return;
    }
    handler(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = { id: 'ops-copilot', secret: 'ops-copilot-test-secret-0123456789' };
  const otherClient = { id: 'other-app', secret: 'other-app-test-secret-0123456789' };
  const registered = (id: string, secret: string): ClientMetadata => ({
    client_id: id,
    client_secret: secret,
    redirect_uris: [`${options.appUrl}/auth/oidc/callback`],
    post_logout_redirect_uris: [`${options.appUrl}/sign-in?signed-out`],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  });
  const configuration: Configuration = {
    clients: [registered(client.id, client.secret), registered(otherClient.id, otherClient.secret)],
    cookies: { keys: ['oidc-test-provider-cookie-key'] },
    claims: { openid: ['sub'], profile: ['name'], email: ['email'], groups: ['groups'] },
    scopes: ['openid', 'profile', 'email', 'groups'],
    async findAccount(_ctx, sub) {
      const account = accounts.get(sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        async claims() {
          return { sub, name: account.name, ...(account.email ? { email: account.email } : {}), groups: account.groups ?? [] };
        },
      };
    },
  };
  const provider = new Provider(issuer, configuration);
  handler = provider.callback();
  return {
    issuer,
    client,
    otherClient,
    accounts,
    setDown(value) {
      down = value;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Walks the provider's pages like a browser would: follows redirects, signs in as `login` on the
 * development login page, consents, and stops at the first redirect to `stopAt` (the product's
 * callback), which it returns.
 */
export async function signInAtProvider(start: string, login: string, stopAt: string): Promise<URL> {
  const jar = new Map<string, string>();
  const cookieHeader = () => [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
  let url = start;
  let init: RequestInit = { method: 'GET' };
  for (let step = 0; step < 20; step += 1) {
    if (url.startsWith(stopAt)) return new URL(url);
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: cookieHeader() },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      const name = pair!.slice(0, at);
      const value = pair!.slice(at + 1);
      if (/expires=Thu, 01 Jan 1970/i.test(line) || value === '') jar.delete(name);
      else jar.set(name, value);
    }
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      url = new URL(location, url).href;
      init = { method: 'GET' };
      continue;
    }
    const html = await response.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
    if (response.status !== 200 || !action || !prompt)
      throw new Error(`unexpected provider page (${response.status}): ${html.slice(0, 300)}`);
    const form: Record<string, string> = prompt === 'login' ? { prompt, login, password: 'any' } : { prompt };
    url = new URL(action.replaceAll('&amp;', '&'), url).href;
    init = { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() };
  }
  throw new Error('the provider did not send the browser back');
}
