#!/usr/bin/env node
// Builds the offline embedder's compact word-vector file (npm postinstall; `--force` rebuilds it).
// A failure only warns: the file is built on first use instead, so an install never fails over it.
import { existsSync } from 'node:fs';
import { register } from 'tsx/esm/api';

register();
const { compactWordVectors } = await import('../retrieval/embeddings/word-vectors/compact-word-vectors.ts');
const { defaultWordVectorsPath, sourceWordVectorsPath } = await import('../retrieval/embeddings/word-vectors/word-vectors-file.ts');
const target = defaultWordVectorsPath();
if (existsSync(target) && !process.argv.includes('--force')) {
  process.stderr.write(`word vectors already built: ${target}\n`);
} else {
  const started = performance.now();
  try {
    const { words, bytes } = await compactWordVectors(sourceWordVectorsPath(), target);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    process.stderr.write(`word vectors: ${words} words, ${(bytes / 1e6).toFixed(1)} MB in ${seconds} s -> ${target}\n`);
  } catch (error) {
    process.stderr.write(`warning: word vectors not built now (${error?.message ?? error}); they are built on first use\n`);
  }
}
