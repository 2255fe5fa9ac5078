/**
 * Single sign-on for the UI, derived once from the validated configuration: off unless
 * COPILOT_OIDC_ISSUER is set (loadConfig then requires the client id and the role rules).
 */
import type { Config, OidcRoleRule } from '../../../core/config.ts';

export const OIDC_CALLBACK_PATH = '/auth/oidc/callback';
export const OIDC_LOGIN_PATH = '/auth/oidc/login';

export interface OidcSettings {
  issuer: string;
  clientId: string;
  /** Undefined: a public client (PKCE only). */
  clientSecret: string | undefined;
  scopes: string;
  rules: readonly OidcRoleRule[];
  /** Where the provider sends the browser back: COPILOT_PUBLIC_URL (or http://HOST:PORT) + /auth/oidc/callback. */
  redirectUri: string;
  /** Where the provider's sign-out sends the browser back. */
  postLogoutRedirectUri: string;
  label: string;
}

export type OidcConfig = Pick<
  Config,
  | 'COPILOT_OIDC_ISSUER'
  | 'COPILOT_OIDC_CLIENT_ID'
  | 'COPILOT_OIDC_CLIENT_SECRET'
  | 'COPILOT_OIDC_ROLE_RULES'
  | 'COPILOT_OIDC_SCOPES'
  | 'COPILOT_OIDC_LABEL'
  | 'COPILOT_PUBLIC_URL'
  | 'HOST'
  | 'PORT'
>;

export function oidcSettings(config: OidcConfig): OidcSettings | undefined {
  const issuer = config.COPILOT_OIDC_ISSUER;
  const clientId = config.COPILOT_OIDC_CLIENT_ID;
  const rules = config.COPILOT_OIDC_ROLE_RULES;
  if (!issuer || !clientId || !rules) return undefined;
  const base = (config.COPILOT_PUBLIC_URL ?? `http://${config.HOST}:${config.PORT}`).replace(/\/+$/, '');
  return {
    issuer,
    clientId,
    clientSecret: config.COPILOT_OIDC_CLIENT_SECRET,
    scopes: config.COPILOT_OIDC_SCOPES,
    rules,
    redirectUri: `${base}${OIDC_CALLBACK_PATH}`,
    postLogoutRedirectUri: `${base}/sign-in?signed-out`,
    label: config.COPILOT_OIDC_LABEL,
  };
}
