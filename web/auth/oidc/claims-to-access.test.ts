import { describe, expect, it } from 'vitest';
import { loadConfig, type OidcRoleRule } from '../../../core/config.ts';
import { accessFromClaims } from './claims-to-access.ts';

const rules: OidcRoleRule[] = [
  { claim: 'groups', value: 'acme-reps', tenant: 'acme-industrial', roles: ['rep'] },
  { claim: 'groups', value: 'acme-approvers', tenant: 'acme-industrial', roles: ['approver', 'rep'] },
  { claim: 'groups', value: 'harbor-reps', tenant: 'harbor-home', roles: ['rep'] },
  { claim: 'hd', value: 'north-msp.example', partner: 'north-msp', roles: ['partner_analyst'] },
  { claim: 'groups', value: 'north-operators', partner: 'north-msp', roles: ['partner_operator'] },
];

describe('accessFromClaims', () => {
  it('gives the roles of every matching rule for the place the first match names', () => {
    expect(accessFromClaims({ groups: ['acme-approvers', 'acme-reps'] }, rules)).toEqual({
      kind: 'tenant',
      tenant: 'acme-industrial',
      roles: ['approver', 'rep'],
    });
  });

  it('never mixes places: a later match for another tenant adds nothing', () => {
    expect(accessFromClaims({ groups: ['harbor-reps', 'acme-approvers'] }, rules)).toEqual({
      kind: 'tenant',
      tenant: 'acme-industrial',
      roles: ['approver', 'rep'],
    });
  });

  it('maps a single-valued claim and partner rules to partner roles', () => {
    expect(accessFromClaims({ hd: 'north-msp.example', groups: ['north-operators'] }, rules)).toEqual({
      kind: 'partner',
      partner: 'north-msp',
      roles: ['partner_analyst', 'partner_operator'],
    });
  });

  it('has no access for no matching claim, a non-string value, or an inherited property', () => {
    expect(accessFromClaims({ groups: ['everyone'] }, rules)).toBeUndefined();
    expect(accessFromClaims({ groups: [{ name: 'acme-reps' }], hd: ['x'] }, rules)).toBeUndefined();
    expect(accessFromClaims({ groups: 'acme-reps-and-more' }, rules)).toBeUndefined();
    expect(accessFromClaims(Object.create({ groups: ['acme-reps'] }) as Record<string, unknown>, rules)).toBeUndefined();
  });
});

describe('COPILOT_OIDC_* configuration', () => {
  const base = {
    COPILOT_OIDC_ISSUER: 'https://idp.example.com',
    COPILOT_OIDC_CLIENT_ID: 'ops-copilot',
    COPILOT_OIDC_ROLE_RULES: JSON.stringify(rules),
  };

  it('parses the rules and defaults the scopes', () => {
    const config = loadConfig(base);
    expect(config.COPILOT_OIDC_ROLE_RULES).toEqual(rules);
    expect(config.COPILOT_OIDC_SCOPES).toBe('openid profile email');
  });

  it('names what is missing or wrong', () => {
    expect(() => loadConfig({ COPILOT_OIDC_ISSUER: 'https://idp.example.com' })).toThrow(
      /COPILOT_OIDC_CLIENT_ID: required with COPILOT_OIDC_ISSUER; COPILOT_OIDC_ROLE_RULES: required with COPILOT_OIDC_ISSUER/,
    );
    expect(() => loadConfig({ ...base, COPILOT_OIDC_ROLE_RULES: '{not json' })).toThrow(/COPILOT_OIDC_ROLE_RULES: must be a JSON array/);
    expect(() =>
      loadConfig({ ...base, COPILOT_OIDC_ROLE_RULES: JSON.stringify([{ claim: 'groups', value: 'x', tenant: 'acme', roles: ['root'] }]) }),
    ).toThrow(/COPILOT_OIDC_ROLE_RULES: rules\[0\]/);
    expect(() => loadConfig({ ...base, COPILOT_OIDC_ISSUER: 'http://idp.example.com' })).toThrow(/COPILOT_OIDC_ISSUER: must be an https/);
    expect(() => loadConfig({ ...base, COPILOT_OIDC_SCOPES: 'profile email' })).toThrow(/COPILOT_OIDC_SCOPES/);
  });
});
