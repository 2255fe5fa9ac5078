-- Event batches received over HTTP: stored whole on receipt (the answer is 202 with the batch id), then
-- applied by the batch applier in slices, one tenant's slice after another's, with one result per event
-- appended as it goes. A lease (owner + expiry) lets several processes share a PostgreSQL database
-- without applying the same slice twice at once; a crashed owner's lease simply runs out.
CREATE TABLE event_batches (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  source text NOT NULL DEFAULT 'http' CHECK (source IN ('http', 'cli', 'seed', 'replay', 'test')),
  -- The request body as received ({"events": [...]}): valid JSON text, so always storable as text.
  body text NOT NULL,
  total integer NOT NULL CHECK (total > 0),
  next_index integer NOT NULL DEFAULT 0,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done')),
  applied integer NOT NULL DEFAULT 0,
  duplicates integer NOT NULL DEFAULT 0,
  dead_lettered integer NOT NULL DEFAULT 0,
  failed integer NOT NULL DEFAULT 0,
  results jsonb NOT NULL DEFAULT '[]'::jsonb,
  lease_owner text,
  lease_until timestamptz,
  received_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
CREATE INDEX event_batches_pending_idx ON event_batches (tenant_id, received_at) WHERE status = 'pending';
SELECT copilot_enable_tenant_rls('event_batches');
