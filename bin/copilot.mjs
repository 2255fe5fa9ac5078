#!/usr/bin/env node
// Entry point for the `copilot` CLI. Runs the compiled bundle in dist/ (built by `npm install`/`npm ci`
// through the `prepare` script) when it is up to date with the sources, otherwise the TypeScript
// sources through tsx (a fresh edit, or a checkout without a build). COPILOT_FROM_SOURCE=1 forces sources.
import { freshDistEntry } from './dist-freshness.mjs';

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
