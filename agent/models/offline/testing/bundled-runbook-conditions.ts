/**
 * Test support: the conditions the bundled corpus's governing runbook for an exception type states in
 * its front-matter, read from the Markdown file itself, so drafter tests use the one source of truth
 * rather than a copy of its numbers.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLED_CORPUS_DIR } from '../../../../ingestion/bundled-corpus.ts';
import { splitFrontMatter } from '../../../../ingestion/loaders/front-matter.ts';
import type { RunbookConditions } from '../../../../retrieval/runbook-conditions.ts';

interface BundledRunbook {
  id: string;
  appliesTo: string[];
  conditions: RunbookConditions;
}

let runbooks: BundledRunbook[] | undefined;

function bundledRunbooks(): BundledRunbook[] {
  runbooks ??= readdirSync(BUNDLED_CORPUS_DIR)
    .filter((name) => name.endsWith('.md'))
    .flatMap((name) => {
      const path = join(BUNDLED_CORPUS_DIR, name);
      const { frontMatter } = splitFrontMatter(path, readFileSync(path, 'utf8'));
      return frontMatter?.type === 'runbook'
        ? [{ id: frontMatter.id, appliesTo: frontMatter.applies_to, conditions: frontMatter.conditions ?? {} }]
        : [];
    });
  return runbooks;
}

/** The governing bundled runbook for `type` (the most specific that applies), with its conditions. */
export function bundledRunbookConditions(type: string): { conditions: RunbookConditions; conditionsFrom: string } {
  const governing = bundledRunbooks()
    .filter((runbook) => runbook.appliesTo.includes(type))
    .sort((a, b) => a.appliesTo.length - b.appliesTo.length || a.id.localeCompare(b.id))[0];
  if (!governing) throw new Error(`no bundled runbook applies to ${type}`);
  return { conditions: governing.conditions, conditionsFrom: governing.id };
}
