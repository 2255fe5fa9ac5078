#!/usr/bin/env node
// Compiles the CLI and server once into dist/ (npm's `prepare` runs this on `npm install` and `npm ci`), so
// `copilot` starts without pushing ~450 TypeScript files through tsx on every run. One ESM bundle per entry
// with shared chunks: command modules are loaded lazily (cli/main.ts imports each command only when it
// runs), and every npm package stays external (loaded from node_modules as usual).
//
// Sources find their data files with `new URL('./x', import.meta.url)`; in the bundle that URL would be
// dist/, so each source module's import.meta.url is rewritten to its original file's URL, expressed
// relative to dist/ (every output file lives directly in dist/, so one relative path fits every chunk).
// bin/copilot.mjs falls back to the TypeScript sources (through tsx) when dist/ is missing or older
// than any source it was built from (see bin/dist-freshness.mjs).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, extname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = resolve(root, 'dist');

/** Rewrites import.meta.url / import.meta.dirname in our sources to point at the source file, not the bundle. */
const sourceLocation = {
  name: 'source-import-meta',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /\.tsx?$/ }, (args) => {
      if (args.path.includes(`${sep}node_modules${sep}`)) return undefined;
      const contents = readFileSync(args.path, 'utf8');
      const loader = extname(args.path) === '.tsx' ? 'tsx' : 'ts';
      if (!contents.includes('import.meta.')) return { contents, loader };
      const fromDist = JSON.stringify(relative(outdir, args.path).split(sep).join('/'));
      const url = `new URL(${fromDist}, import.meta.url).href`;
      return {
        contents: contents
          .replaceAll('import.meta.url', url)
          .replaceAll('import.meta.dirname', `decodeURIComponent(new URL('.', ${url}).pathname).replace(/\\/$/, '')`)
          .replaceAll('import.meta.filename', `decodeURIComponent(new URL(${url}).pathname)`),
        loader,
      };
    });
  },
};

export async function buildDist() {
  // Taken before reading any source: a file saved while the build runs counts as newer than the build.
  const builtAt = Date.now();
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: { cli: 'cli/main.ts' },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    entryNames: '[name]',
    chunkNames: 'chunk-[hash]',
    jsx: 'automatic',
    jsxImportSource: 'hono/jsx',
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
    plugins: [sourceLocation],
  });
  // The sources this build read: bin/copilot.mjs compares their modification times with the build's.
  const inputs = Object.keys(result.metafile.inputs).filter((input) => !input.startsWith('node_modules/'));
  writeFileSync(resolve(outdir, 'build-manifest.json'), `${JSON.stringify({ builtAt, inputs }, null, 1)}\n`);
  return { inputs: inputs.length };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  const { inputs } = await buildDist();
  process.stdout.write(`built dist/ from ${inputs} source files in ${Math.round(performance.now() - started)} ms\n`);
}
