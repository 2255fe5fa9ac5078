-- A partner's person may sign in through the partner's identity provider (single sign-on) instead of
-- a partner key: the provider's (issuer, subject) links to exactly one partner user, made on first
-- sign-in and never by name.
ALTER TABLE partner_users ADD COLUMN identity_issuer text;
ALTER TABLE partner_users ADD COLUMN identity_subject text;
ALTER TABLE partner_users ADD CONSTRAINT partner_users_identity_pair CHECK ((identity_issuer IS NULL) = (identity_subject IS NULL));
CREATE UNIQUE INDEX partner_users_identity_idx ON partner_users (identity_issuer, identity_subject) WHERE identity_issuer IS NOT NULL;
