import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../core/config.ts';
import { oauthSettings } from './oauth-settings.ts';
import { bearerChallenge } from './protected-resource-metadata.ts';
import { AccessTokenRefusedError, verifyAccessToken } from './verify-access-token.ts';

const settings = oauthSettings(
  loadConfig({
    COPILOT_OAUTH_ISSUER: 'https://login.example.com/t1/v2.0',
    COPILOT_OAUTH_RESOURCE: 'https://copilot.example.com/mcp',
    COPILOT_OAUTH_SCOPE_ROLES: 'Copilot.Read=evaluator,Copilot.Operate=rep',
    COPILOT_OAUTH_TENANT_CLAIM: 'extension_tenant',
  }),
)!;

async function fixture() {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const keys = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256' }] });
  const sign = (claims: Record<string, unknown>) =>
    new SignJWT({ iss: settings.issuer, aud: settings.resource, sub: 's-1', extension_tenant: 'acme', ...claims })
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setExpirationTime('5m')
      .sign(privateKey);
  return { keys, sign };
}

describe('oauthSettings', () => {
  it('derives the RFC 9728 metadata URL and paths from the resource', () => {
    expect(settings.metadataUrl).toBe('https://copilot.example.com/.well-known/oauth-protected-resource/mcp');
    expect(settings.metadataPaths).toEqual(['/.well-known/oauth-protected-resource/mcp', '/.well-known/oauth-protected-resource']);
  });
});

describe('verifyAccessToken', () => {
  it('reads scopes from `scp` as an array or a string (Entra ID, Okta) and the tenant from the configured claim', async () => {
    const { keys, sign } = await fixture();
    const fromArray = await verifyAccessToken(await sign({ scp: ['Copilot.Operate', 'User.Read'], name: 'Ann' }), settings, keys);
    expect(fromArray).toMatchObject({ subject: 's-1', tenantRef: 'acme', roles: ['rep'], displayName: 'Ann' });
    const fromString = await verifyAccessToken(await sign({ scp: 'Copilot.Read Copilot.Operate' }), settings, keys);
    expect(fromString.roles.sort()).toEqual(['evaluator', 'rep']);
  });

  it('refuses a token without the configured tenant claim, naming it', async () => {
    const { keys, sign } = await fixture();
    const error = await verifyAccessToken(await sign({ scp: 'Copilot.Read', extension_tenant: undefined }), settings, keys).catch((e) => e);
    expect(error).toBeInstanceOf(AccessTokenRefusedError);
    expect(error).toMatchObject({
      reason: 'missing_claim',
      oauthError: 'invalid_token',
      message: 'access token lacks the extension_tenant claim',
    });
  });

  it('refuses oversized or odd claims with the claim named', async () => {
    const { keys, sign } = await fixture();
    const error = await verifyAccessToken(await sign({ scp: 'Copilot.Read', sub: 'x'.repeat(300) }), settings, keys).catch((e) => e);
    expect(error).toMatchObject({ reason: 'invalid_claim', message: expect.stringMatching(/claim sub: sub must be at most 255/) });
  });

  it('refuses tokens that are not JWTs at all', async () => {
    const { keys } = await fixture();
    for (const token of ['', 'a.b', 'a.b.c.d', '\u0000.a.b', 'eyJhbGciOiJFUzI1NiJ9.e30.AAAA']) {
      await expect(verifyAccessToken(token, settings, keys)).rejects.toBeInstanceOf(AccessTokenRefusedError);
    }
  });
});

describe('bearerChallenge', () => {
  it('keeps quoted strings well-formed whatever the message holds', () => {
    const refusal = new AccessTokenRefusedError('invalid_claim', 'claim "x\\y" bad\r\nInjected: 1 \u2019\u{1F600}');
    expect(bearerChallenge(settings, refusal)).toBe(
      'Bearer resource_metadata="https://copilot.example.com/.well-known/oauth-protected-resource/mcp", error="invalid_token", error_description="claim xy badInjected: 1 "',
    );
  });
});
