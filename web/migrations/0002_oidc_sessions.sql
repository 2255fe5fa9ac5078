-- Browser sessions opened through single sign-on (OpenID Connect) as well as by API key. An OIDC
-- session names the provider's (issuer, subject) instead of a key; the principal is re-derived on
-- every request from the user that identity links to (core's external_identities), so unlinking the
-- identity, emptying the user's roles or turning single sign-on off ends its sessions at once.
ALTER TABLE web_sessions ALTER COLUMN api_key_id DROP NOT NULL;
ALTER TABLE web_sessions ADD COLUMN auth_method text NOT NULL DEFAULT 'api_key';
ALTER TABLE web_sessions ADD COLUMN identity_issuer text;
ALTER TABLE web_sessions ADD COLUMN identity_subject text;
ALTER TABLE web_sessions ADD CONSTRAINT web_sessions_credential CHECK (
  (auth_method = 'api_key' AND api_key_id IS NOT NULL AND identity_issuer IS NULL AND identity_subject IS NULL)
  OR (auth_method = 'oidc' AND api_key_id IS NULL AND identity_issuer IS NOT NULL AND identity_subject IS NOT NULL)
);
