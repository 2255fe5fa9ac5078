-- A tenant's SLA calendar: business hours per weekday and holidays (the time zone is tenants.timezone).
-- No row: the product's hours (08:00–18:00, Monday–Friday, no holidays). Validated by
-- core/exceptions/sla-calendar.ts before it is written; the CHECKs keep the shape even for other writers.
CREATE TABLE tenant_sla_calendars (
  tenant_id uuid PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
  -- {"monday": ["08:00-18:00"], …}: every weekday present, [] = closed.
  hours jsonb NOT NULL CHECK (jsonb_typeof(hours) = 'object'),
  -- [{"date": "2026-12-25", "name": "Christmas Day"}, …] sorted by date, no date twice.
  holidays jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(holidays) = 'array'),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text NOT NULL
);
SELECT copilot_enable_tenant_rls('tenant_sla_calendars');
