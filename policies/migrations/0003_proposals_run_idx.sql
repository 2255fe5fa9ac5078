-- A chat thread lists the proposals its runs made (and follows their outcomes) by run id.
CREATE INDEX proposals_run_idx ON proposals (tenant_id, run_id) WHERE run_id IS NOT NULL;
