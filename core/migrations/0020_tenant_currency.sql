-- A tenant's own currency: the default for its customers, SKUs and orders when a record names none
-- (a Brazilian shop's customer without a currency is in BRL, not USD). Existing tenants keep USD,
-- the default every record had before. Writers that name a currency are unaffected.
ALTER TABLE tenants ADD COLUMN currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$');

-- The current transaction's tenant's currency, USD when no tenant is set or visible. SECURITY
-- INVOKER: row-level security on tenants lets a tenant read only its own row.
CREATE FUNCTION copilot_tenant_currency() RETURNS char(3)
  LANGUAGE sql STABLE
  AS $$ SELECT coalesce((SELECT currency FROM tenants WHERE id = copilot_tenant_id()), 'USD')::char(3) $$;

ALTER TABLE customers ALTER COLUMN currency SET DEFAULT copilot_tenant_currency();
ALTER TABLE skus ALTER COLUMN currency SET DEFAULT copilot_tenant_currency();
ALTER TABLE orders ALTER COLUMN currency SET DEFAULT copilot_tenant_currency();
