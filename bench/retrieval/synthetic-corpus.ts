/**
 * Synthetic knowledge documents for benchmarks, generated from the bundled corpus's own vocabulary:
 * a word-bigram Markov chain over its sentences writes paragraphs and list items under headings
 * taken from real runbooks, so chunk length, term distribution and full-text behaviour resemble the
 * real index. Deterministic for a given seed. Each section fits one chunk, so N chunks = N sections.
 */
import { BUNDLED_CORPUS_DIR } from '../../ingestion/bundled-corpus.ts';
import { loadFile } from '../../ingestion/loaders/load-file.ts';
import { parseMarkdownBlocks } from '../../ingestion/loaders/markdown-blocks.ts';
import { walkPaths } from '../../ingestion/loaders/walk-paths.ts';
import type { SourceDocument } from '../../ingestion/source-document.ts';
import { seededRandom } from '../support/seeded-random.ts';

export interface CorpusVocabulary {
  starts: string[];
  next: Map<string, string[]>;
  headings: string[];
  titles: string[];
  types: string[];
  appliesTo: string[];
  /** Real sentences, for realistic queries. */
  sentences: string[];
}

export async function loadVocabulary(corpusDir = BUNDLED_CORPUS_DIR): Promise<CorpusVocabulary> {
  const { files } = await walkPaths([corpusDir]);
  const documents = await Promise.all(files.map((file) => loadFile(file.path)));
  const vocabulary: CorpusVocabulary = { starts: [], next: new Map(), headings: [], titles: [], types: [], appliesTo: [], sentences: [] };
  for (const document of documents) {
    vocabulary.titles.push(document.title);
    vocabulary.types.push(document.type);
    vocabulary.appliesTo.push(...document.appliesTo);
    for (const block of document.blocks) {
      if (block.kind === 'heading') {
        if ((block.level ?? 1) > 1) vocabulary.headings.push(block.text.replace(/[`*]/g, ''));
        continue;
      }
      if (block.kind !== 'paragraph' && block.kind !== 'list_item') continue;
      const text = block.text
        .replace(/^\s*([-*+]|\d+[.)])\s+/, '')
        .replace(/[`*|]/g, '')
        .replace(/\s+/g, ' ');
      for (const sentence of text.split(/(?<=[.!?])\s+/)) {
        const words = sentence.split(' ').filter(Boolean);
        if (words.length < 4) continue;
        vocabulary.sentences.push(sentence);
        vocabulary.starts.push(words[0]!);
        words.forEach((word, index) => {
          const following = words[index + 1];
          if (!following) return;
          const list = vocabulary.next.get(word) ?? [];
          list.push(following);
          vocabulary.next.set(word, list);
        });
      }
    }
  }
  return vocabulary;
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

export function sentence(random: () => number, vocabulary: CorpusVocabulary, maxWords = 28): string {
  const words = [pick(random, vocabulary.starts)];
  while (words.length < maxWords && !/[.!?]$/.test(words[words.length - 1]!)) {
    const options = vocabulary.next.get(words[words.length - 1]!);
    if (!options) break;
    words.push(pick(random, options));
  }
  const text = words.join(' ');
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

export interface SyntheticOptions {
  chunks: number;
  sectionsPerDocument?: number;
  seed?: number;
}

/** Documents totalling `chunks` sections of 300–900 characters each (one chunk per section at size 1000). */
export function syntheticDocuments(vocabulary: CorpusVocabulary, options: SyntheticOptions): SourceDocument[] {
  const random = seededRandom(options.seed ?? 42);
  const perDocument = options.sectionsPerDocument ?? 10;
  const documents: SourceDocument[] = [];
  for (let index = 0, remaining = options.chunks; remaining > 0; index++) {
    const sections = Math.min(perDocument, remaining);
    remaining -= sections;
    const title = `${pick(random, vocabulary.titles)} (${index})`;
    const parts = [`# ${title}`];
    for (let section = 0; section < sections; section++) {
      parts.push(`## ${pick(random, vocabulary.headings)} ${section + 1}`);
      const target = 300 + Math.floor(random() * 600);
      let body = '';
      const asList = random() < 0.3;
      while (body.length < target) {
        const next = sentence(random, vocabulary);
        if (body.length + next.length > 900) break;
        body += asList ? `- ${next}\n` : `${next} `;
      }
      parts.push((body || sentence(random, vocabulary)).trim());
    }
    const markdown = parts.join('\n\n');
    documents.push({
      id: `syn-${index}`,
      title,
      type: pick(random, vocabulary.types),
      appliesTo: [pick(random, vocabulary.appliesTo)],
      actions: [],
      systems: [],
      sourcePath: `synthetic/syn-${index}.md`,
      format: 'markdown',
      body: markdown,
      blocks: parseMarkdownBlocks(markdown),
    });
  }
  return documents;
}
