/** What API route modules receive: the database, validated configuration and the tool registry. */
import type { Config } from '../../core/config.ts';
import type { Database } from '../../core/db/database.ts';
import type { ToolRegistry } from '../../tools/registry.ts';

export interface ApiDependencies {
  db: Database;
  config: Config;
  /** The tools proposals call (approval executes them); the product's full registry by default. */
  registry: ToolRegistry;
}
