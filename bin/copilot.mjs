#!/usr/bin/env node
// Entry point for the `copilot` CLI. Runs the compiled bundle in dist/ (built by `npm install`/`npm ci`
// through the `prepare` script) when it is up to date with the sources, otherwise the TypeScript
// sources through tsx (a fresh edit, or a checkout without a build). COPILOT_FROM_SOURCE=1 forces sources.
import { freshDistEntry } from './dist-freshness.mjs';
import { prestartDatabaseThread } from './prestart-database-thread.mjs';

// First of all: a search on the embedded database starts the database's thread while the CLI loads.
prestartDatabaseThread(process.argv, process.env);

const built = freshDistEntry(new URL('../', import.meta.url), 'cli.js');
if (built) {
  const { main } = await import(built.href);
  await main(process.argv, { standalone: true });
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import('../cli/main.ts');
  await main(process.argv, { standalone: true });
}
