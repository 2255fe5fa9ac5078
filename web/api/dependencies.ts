/** What API route modules receive: the database and validated configuration. */
import type { Config } from '../../core/config.ts';
import type { Database } from '../../core/db/database.ts';

export interface ApiDependencies {
  db: Database;
  config: Config;
}
