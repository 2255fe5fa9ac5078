#!/usr/bin/env node
// `npm run bench -- <name> [options]`: runs bench/<name>.ts (TypeScript through tsx, as bin/copilot.mjs).
// Benchmarks are the top-level bench/*.ts files without a hyphen (helpers are named with one, or live in
// subfolders). A bench module exports its entry as `default`, `main` or `bench<Name>` (bench/triage.ts: benchTriage);
// it receives the arguments after the name and prints its own results.
import { existsSync, readdirSync } from 'node:fs';
import { register } from 'tsx/esm/api';

register();
const benchDir = new URL('../bench/', import.meta.url);
const available = existsSync(benchDir)
  ? readdirSync(benchDir)
      .filter((file) => /^[a-z][a-z0-9-]*\.ts$/.test(file) && !file.endsWith('.test.ts') && !file.includes('-'))
      .map((file) => file.slice(0, -3))
  : [];
const [name, ...args] = process.argv.slice(2);

if (!name || name === '--help' || name === '-h' || !available.includes(name)) {
  if (name && !['--help', '-h'].includes(name)) process.stderr.write(`unknown benchmark ${JSON.stringify(name)}\n`);
  process.stderr.write(`usage: npm run bench -- <${available.join('|')}> [options]   (each accepts --help)\n`);
  process.exit(name && !['--help', '-h'].includes(name) ? 2 : 0);
}

const module = await import(new URL(`${name}.ts`, benchDir).href);
const pascal = name.replace(/(^|-)([a-z])/g, (_, __, letter) => letter.toUpperCase());
const entry = module.default ?? module.main ?? module[`bench${pascal}`];
if (typeof entry !== 'function') {
  process.stderr.write(`bench/${name}.ts exports no entry (default, main or bench${pascal})\n`);
  process.exit(2);
}
try {
  await entry(args);
} catch (error) {
  process.stderr.write(`${error?.stack ?? String(error)}\n`);
  process.exitCode = 1;
}
