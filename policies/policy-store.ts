/** A tenant's policy versions: apply (validate whole, then add a version), read the one in force, list. */
import { createHash } from 'node:crypto';
import type { Database, Tx } from '../core/db/database.ts';
import { withTenant } from '../core/db/tenant-scope.ts';
import { NotFoundError } from '../core/errors.ts';
import { appendAuditEntry } from './audit/append-audit-entry.ts';
import type { AuditActor } from './audit/audit-entry.ts';
import type { ActivePolicy } from './decide.ts';
import { parsePolicySource, validatePolicySource, PolicyValidationError } from './parse-policy.ts';
import { BUILT_IN_POLICY, policyDocumentSchema, type PolicyDocument } from './policy-document.ts';

export interface PolicyVersion extends ActivePolicy {
  tenantId: string;
  /** YAML as applied; empty for the built-in defaults (version 0). */
  source: string;
  sourceHash: string;
  createdBy: string;
  createdAt: Date | null;
}

export interface AppliedPolicy extends PolicyVersion {
  /** True when the source equals the version already in force (nothing was added). */
  unchanged: boolean;
}

interface PolicyRow {
  tenant_id: string;
  version: number;
  source: string;
  source_hash: string;
  document: unknown;
  created_by: string;
  created_at: Date;
}

const OPERATOR_ACTOR: AuditActor = { kind: 'operator', name: 'operator' };

const hashSource = (source: string): string => createHash('sha256').update(source).digest('hex');

function toVersion(row: PolicyRow): PolicyVersion {
  return {
    tenantId: row.tenant_id,
    version: row.version,
    source: row.source,
    sourceHash: row.source_hash,
    // Parsed again so defaults added to the schema later apply to old versions too.
    document: policyDocumentSchema.parse(row.document),
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

/** Which version row is in force: everything but the source and the document, which the cache holds. */
type VersionHead = Omit<PolicyRow, 'source' | 'document'>;

/**
 * Parsed versions, by the row they were read from. A version row never changes once written
 * (policy_versions is append-only: a trigger refuses UPDATE and DELETE), so a row parsed once stays
 * true; which version is in force is still read from the database on every call, in the caller's
 * transaction, so a newly applied version governs the very next call — in this process and in any other
 * sharing the database — and a version rolled back with its transaction is never in force. The key holds
 * the creation time and source hash as well, so two databases in one process (tests, a restored copy)
 * never share an entry. Documents are frozen: every caller shares them.
 */
const parsedVersions = new Map<string, PolicyVersion>();
const MAX_PARSED_VERSIONS = 256;

const versionKey = (head: VersionHead): string =>
  `${head.tenant_id}|${head.version}|${head.source_hash}|${head.created_at instanceof Date ? head.created_at.toISOString() : String(head.created_at)}`;

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}

function remember(head: VersionHead, version: PolicyVersion): PolicyVersion {
  if (parsedVersions.size >= MAX_PARSED_VERSIONS) parsedVersions.delete(parsedVersions.keys().next().value!);
  deepFreeze(version.document);
  parsedVersions.set(versionKey(head), version);
  return version;
}

function builtIn(tenantId: string): PolicyVersion {
  return { tenantId, version: 0, source: '', sourceHash: '', document: BUILT_IN_POLICY, createdBy: 'built-in', createdAt: null };
}

/**
 * The version in force (the latest), read inside the caller's tenant transaction. The gate asks for it
 * on every tool call: the query reads only which row is in force, and each row's document is parsed
 * once (see parsedVersions).
 */
export async function loadActivePolicy(tx: Tx, tenantId: string): Promise<PolicyVersion> {
  const head = await tx.query<VersionHead>(
    'SELECT tenant_id, version, source_hash, created_by, created_at FROM policy_versions WHERE tenant_id = $1 ORDER BY version DESC LIMIT 1',
    [tenantId],
    { prepare: 'everywhere' },
  );
  const row = head.rows[0];
  if (!row) return builtIn(tenantId);
  const cached = parsedVersions.get(versionKey(row));
  if (cached) return cached;
  const full = await tx.query<PolicyRow>('SELECT * FROM policy_versions WHERE tenant_id = $1 AND version = $2', [tenantId, row.version]);
  return remember(row, toVersion(full.rows[0]!));
}

export function getActivePolicy(db: Database, tenantId: string): Promise<PolicyVersion> {
  return withTenant(db, tenantId, (tx) => loadActivePolicy(tx, tenantId));
}

export async function getPolicyVersion(db: Database, tenantId: string, version: number): Promise<PolicyVersion> {
  if (version === 0) return builtIn(tenantId);
  return withTenant(db, tenantId, async (tx) => {
    const result = await tx.query<PolicyRow>('SELECT * FROM policy_versions WHERE tenant_id = $1 AND version = $2', [tenantId, version]);
    if (!result.rows[0]) throw new NotFoundError('policy version', String(version));
    return toVersion(result.rows[0]);
  });
}

export async function listPolicyVersions(db: Database, tenantId: string): Promise<Array<Omit<PolicyVersion, 'document' | 'source'>>> {
  return withTenant(db, tenantId, async (tx) => {
    const result = await tx.query<PolicyRow>('SELECT * FROM policy_versions WHERE tenant_id = $1 ORDER BY version DESC', [tenantId]);
    return result.rows.map((row) => {
      const { document: _document, source: _source, ...summary } = toVersion(row);
      return summary;
    });
  });
}

/**
 * Validates the YAML and, only if the whole document is valid, adds it as the tenant's next version.
 * An invalid document throws PolicyValidationError (line and field per problem), is recorded in the
 * audit log as rejected, and leaves the version in force untouched. Applying the same source again
 * adds nothing.
 */
export async function applyPolicy(
  db: Database,
  tenantId: string,
  source: string,
  options: { actor?: AuditActor } = {},
): Promise<AppliedPolicy> {
  const actor = options.actor ?? OPERATOR_ACTOR;
  const sourceHash = hashSource(source);
  const validation = validatePolicySource(source);
  if (!validation.ok) {
    await withTenant(db, tenantId, (tx) =>
      appendAuditEntry(tx, {
        tenantId,
        actor,
        action: 'policy.rejected',
        entityType: 'policy',
        after: { sourceHash, issues: validation.issues },
      }),
    );
    throw new PolicyValidationError(validation.issues);
  }
  return withTenant(db, tenantId, (tx) => addPolicyVersion(tx, tenantId, source, validation.document, actor));
}

/**
 * Validates and adds the policy inside the caller's transaction (the tenant's, or the operator's while
 * it sets a new tenant up): one step of a larger change that commits or rolls back whole. An invalid
 * document throws PolicyValidationError; recording the rejection is the caller's business.
 */
export async function applyPolicyIn(
  tx: Tx,
  tenantId: string,
  source: string,
  options: { actor?: AuditActor } = {},
): Promise<AppliedPolicy> {
  return addPolicyVersion(tx, tenantId, source, parsePolicySource(source), options.actor ?? OPERATOR_ACTOR);
}

async function addPolicyVersion(
  tx: Tx,
  tenantId: string,
  source: string,
  document: PolicyDocument,
  actor: AuditActor,
): Promise<AppliedPolicy> {
  const sourceHash = hashSource(source);
  // One writer per tenant at a time, so versions stay dense and "latest" is well defined.
  await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('policy_versions:' || $1::text, 0))`, [tenantId]);
  const current = await loadActivePolicy(tx, tenantId);
  if (current.version > 0 && current.sourceHash === sourceHash) return { ...current, unchanged: true };
  const created = await tx.query<PolicyRow>(
    `INSERT INTO policy_versions (tenant_id, version, source, source_hash, document, created_by)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6) RETURNING *`,
    [tenantId, current.version + 1, source, sourceHash, JSON.stringify(document), actor.name ?? actor.kind],
  );
  const applied = toVersion(created.rows[0]!);
  await appendAuditEntry(tx, {
    tenantId,
    actor,
    action: 'policy.applied',
    entityType: 'policy',
    entityId: String(applied.version),
    before: { version: current.version, sourceHash: current.sourceHash || null },
    after: { version: applied.version, sourceHash, name: applied.document.name ?? null, rules: applied.document.rules.length },
  });
  return { ...applied, unchanged: false };
}

export type { PolicyDocument };
