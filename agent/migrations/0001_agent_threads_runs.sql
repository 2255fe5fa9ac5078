-- Agent transcripts: chat threads (per tenant and user) and every agent run (triage or chat) with
-- its messages, tool calls, policy decisions, proposals, citations, model, usage and timings.

CREATE TABLE agent_threads (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  title text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX agent_threads_tenant_user_idx ON agent_threads (tenant_id, user_id, updated_at DESC);
SELECT copilot_enable_tenant_rls('agent_threads');

CREATE TABLE agent_runs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('triage', 'chat')),
  status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'completed', 'failed')),
  user_id uuid REFERENCES users (id) ON DELETE SET NULL,
  thread_id uuid REFERENCES agent_threads (id) ON DELETE SET NULL,
  -- The exception a triage run worked on (the exceptions table belongs to core; no FK across folders).
  exception_id uuid,
  model text NOT NULL,
  input jsonb NOT NULL,
  messages jsonb NOT NULL DEFAULT '[]',
  tool_calls jsonb NOT NULL DEFAULT '[]',
  decisions jsonb NOT NULL DEFAULT '[]',
  proposals jsonb NOT NULL DEFAULT '[]',
  citations jsonb NOT NULL DEFAULT '[]',
  answer text,
  outcome jsonb,
  usage jsonb,
  timings jsonb NOT NULL DEFAULT '{}',
  error jsonb,
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
CREATE INDEX agent_runs_tenant_started_idx ON agent_runs (tenant_id, started_at DESC);
CREATE INDEX agent_runs_started_idx ON agent_runs (started_at);
CREATE INDEX agent_runs_exception_idx ON agent_runs (exception_id) WHERE exception_id IS NOT NULL;
SELECT copilot_enable_tenant_rls('agent_runs');

CREATE TABLE agent_thread_messages (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  thread_id uuid NOT NULL REFERENCES agent_threads (id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('user', 'assistant')),
  content text NOT NULL,
  run_id uuid REFERENCES agent_runs (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX agent_thread_messages_thread_idx ON agent_thread_messages (thread_id, id);
SELECT copilot_enable_tenant_rls('agent_thread_messages');
