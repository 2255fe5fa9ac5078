/** Whether this command line is a search on the embedded database (no --server, no DATABASE_URL, no --help). */
export function searchesEmbeddedDatabase(argv: readonly string[], env: NodeJS.ProcessEnv): boolean;
/** Starts the embedded database's thread now when the command line searches the embedded database; true if it did. */
export function prestartDatabaseThread(argv: readonly string[], env: NodeJS.ProcessEnv): boolean;
