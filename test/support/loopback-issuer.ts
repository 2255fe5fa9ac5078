/**
 * A minimal OAuth authorization server's public face on a loopback port: RFC 8414 metadata and a JWKS
 * with a key pair the test generates, plus a signer for access tokens with any claims (right or
 * wrong), so resource-server checks run against real HTTP key discovery and real signatures.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload, type CryptoKey } from 'jose';

export interface LoopbackIssuer {
  issuer: string;
  jwksUrl: string;
  /** Signs with the published key (or `key`), RS256 by default, kid of the published key. */
  sign(claims: JWTPayload, options?: { key?: CryptoKey; kid?: string; alg?: string; header?: Record<string, unknown> }): Promise<string>;
  /** A second key pair that the JWKS does not publish. */
  strangerKey: CryptoKey;
  /** Requests the server answered, by path. */
  hits: Map<string, number>;
  /** Make every response a 500 (the issuer is down) or serve again. */
  setDown(down: boolean): void;
  close(): Promise<void>;
}

export async function startLoopbackIssuer(): Promise<LoopbackIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const stranger = await generateKeyPair('RS256');
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'test-key-1', alg: 'RS256', use: 'sig' };
  const hits = new Map<string, number>();
  let down = false;
  let issuer = '';
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    if (down) {
      response.writeHead(500).end();
      return;
    }
    const json = (body: unknown) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (path === '/.well-known/oauth-authorization-server')
      return json({
        issuer,
        jwks_uri: `${issuer}/jwks.json`,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
      });
    if (path === '/jwks.json') return json({ keys: [jwk] });
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    jwksUrl: `${issuer}/jwks.json`,
    strangerKey: stranger.privateKey,
    hits,
    setDown: (value) => {
      down = value;
    },
    async sign(claims, options = {}) {
      return new SignJWT(claims)
        .setProtectedHeader({ alg: options.alg ?? 'RS256', kid: options.kid ?? 'test-key-1', typ: 'at+jwt', ...options.header })
        .sign(options.key ?? privateKey);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
