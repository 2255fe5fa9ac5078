/**
 * `--prune`: retires current documents that came from one of the ingested roots but whose file is
 * gone. Retiring keeps every version (old citations still resolve) and only takes the document out
 * of search and listings. A document whose file still exists but failed to load is left alone.
 */
import { existsSync } from 'node:fs';
import type { Database } from '../core/db/database.ts';
import { asOperator, withTenant } from '../core/db/tenant-scope.ts';
import { listTenants, type Tenant } from '../core/tenants/tenants.ts';
import type { PrunedDocument } from './ingest-report.ts';
import { listCurrentDocuments, supersedeVersion } from '../retrieval/store/knowledge-writes.ts';
import { fromStoredPath, isWithin } from './stored-path.ts';

export interface PruneOptions {
  roots: readonly string[];
  /** Only this tenant's documents (with `--tenant`); otherwise every scope. */
  tenant?: Tenant;
  /** Document ids present in this run, whatever became of them. */
  seenIds: ReadonlySet<string>;
}

export async function pruneMissingDocuments(db: Database, options: PruneOptions): Promise<PrunedDocument[]> {
  const candidates = options.tenant
    ? await withTenant(db, options.tenant.id, (tx) => listCurrentDocuments(tx, options.tenant!.id))
    : await asOperator(db, (tx) => listCurrentDocuments(tx));
  const gone = candidates.filter((document) => {
    const path = fromStoredPath(document.sourcePath);
    return !options.seenIds.has(document.documentId) && options.roots.some((root) => isWithin(path, root)) && !existsSync(path);
  });
  if (gone.length === 0) return [];

  const slugs = new Map((await listTenants(db)).map((tenant) => [tenant.id, tenant.slug]));
  const pruned: PrunedDocument[] = [];
  for (const document of gone) {
    const retire = async (tx: Parameters<Parameters<typeof asOperator>[1]>[0]): Promise<void> => supersedeVersion(tx, document.key, true);
    if (document.tenantId) await withTenant(db, document.tenantId, retire);
    else await asOperator(db, retire);
    pruned.push({
      documentId: document.documentId,
      tenant: document.tenantId ? (slugs.get(document.tenantId) ?? document.tenantId) : null,
      path: document.sourcePath,
    });
  }
  return pruned;
}
