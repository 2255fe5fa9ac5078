/** The shape of an audit entry and how its hash is computed (shared by append and verify). */
import { createHash } from 'node:crypto';
import type { Principal } from '../../core/identity/roles.ts';
import type { ToolOrigin } from '../../tools/tool.ts';
import { canonicalJson } from './canonical-json.ts';

/** Who did it: a user (directly or through an agent/MCP client), the system (expiry sweep) or the operator CLI. */
export interface AuditActor {
  kind: 'user' | 'agent' | 'mcp' | 'system' | 'operator';
  userId?: string;
  name?: string;
  /** Agent run id, MCP client, CLI command… */
  ref?: string;
  /** The API key the user acted with, when known: two keys of one user stay distinguishable. */
  keyId?: string;
}

export interface NewAuditEntry {
  tenantId: string;
  actor: AuditActor;
  /** Noun-then-verb, e.g. `proposal.created`, `proposal.approved`, `policy.applied`. */
  action: string;
  entityType: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
}

export interface AuditEntry {
  tenantId: string;
  seq: number;
  at: Date;
  actor: AuditActor;
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  prevHash: string;
  hash: string;
}

/** prev_hash of a tenant's first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** sha256 over the canonical JSON of every field but the hash itself (prevHash included: the chain). */
export function hashAuditEntry(entry: Omit<AuditEntry, 'hash'>): string {
  const content = canonicalJson({
    tenantId: entry.tenantId,
    seq: entry.seq,
    at: entry.at.toISOString(),
    actor: entry.actor,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    before: entry.before ?? null,
    after: entry.after ?? null,
    prevHash: entry.prevHash,
  });
  return createHash('sha256').update(content).digest('hex');
}

export function actorFromPrincipal(principal: Principal, origin?: ToolOrigin): AuditActor {
  const kind = origin && origin.kind !== 'user' ? origin.kind : 'user';
  return {
    kind,
    userId: principal.userId,
    name: principal.userName,
    ...(origin?.ref ? { ref: origin.ref } : {}),
    ...(principal.keyId ? { keyId: principal.keyId } : {}),
  };
}

export const SYSTEM_ACTOR: AuditActor = { kind: 'system', name: 'system' };
