import { fileURLToPath } from 'node:url';
import type { MigrationGroup } from './migrate.ts';

const root = (relative: string): string => fileURLToPath(new URL(`../../${relative}`, import.meta.url));

/**
 * Every folder that owns tables lists its migrations here, in dependency order. The core groups need
 * only stock PostgreSQL 15+; the knowledge index needs pgvector and is kept separate for that reason.
 */
export const CORE_MIGRATION_GROUPS: readonly MigrationGroup[] = [
  { name: 'core', dir: root('core/migrations') },
  { name: 'policies', dir: root('policies/migrations') },
  { name: 'agent', dir: root('agent/migrations') },
  { name: 'eval', dir: root('eval/migrations') },
  { name: 'web', dir: root('web/migrations') },
  { name: 'integrations', dir: root('integrations/migrations') },
  { name: 'templates', dir: root('templates/migrations') },
];

export const KNOWLEDGE_MIGRATION_GROUPS: readonly MigrationGroup[] = [{ name: 'knowledge', dir: root('retrieval/migrations') }];

export const ALL_MIGRATION_GROUPS: readonly MigrationGroup[] = [...CORE_MIGRATION_GROUPS, ...KNOWLEDGE_MIGRATION_GROUPS];
