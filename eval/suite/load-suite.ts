/**
 * Reads suite files (YAML, YML or JSON). Agent suites (kind triage or chat) are validated against the
 * suite schema here; retrieval suites (kind retrieval, the knowledge index's labelled queries) are
 * passed on as they are, for the retrieval evaluation to read. Errors name the file and the field.
 */
import { readFile } from 'node:fs/promises';
import { dirname, extname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ValidationError, issuesFromZod } from '../../core/errors.ts';
import { agentSuiteSchema, type AgentSuite } from './suite-schema.ts';

export type LoadedSuite =
  | { kind: 'agent'; path: string; dir: string; suite: AgentSuite }
  | { kind: 'retrieval'; path: string; dir: string; name: string; cases: number };

const SUITE_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

const kindProbe = z.object({ kind: z.string().optional(), name: z.string().optional(), cases: z.array(z.unknown()).optional() });

export class SuiteFileError extends ValidationError {}

export async function loadSuiteFile(path: string): Promise<LoadedSuite> {
  const absolute = resolve(path);
  const extension = extname(absolute).toLowerCase();
  if (!SUITE_EXTENSIONS.has(extension)) throw new SuiteFileError(`${path}: a suite is a .yaml, .yml or .json file`);
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    throw new SuiteFileError(`${path}: cannot read: ${(error as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = extension === '.json' ? JSON.parse(text) : parseYaml(text, { prettyErrors: true });
  } catch (error) {
    throw new SuiteFileError(`${path}: not valid ${extension === '.json' ? 'JSON' : 'YAML'}: ${(error as Error).message}`);
  }
  const probe = kindProbe.safeParse(raw);
  if (!probe.success) throw new SuiteFileError(`${path}: a suite is an object with name, kind and cases`);
  const dir = dirname(absolute);
  if (probe.data.kind === 'retrieval') {
    return { kind: 'retrieval', path: absolute, dir, name: probe.data.name ?? 'retrieval', cases: probe.data.cases?.length ?? 0 };
  }
  const parsed = agentSuiteSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = issuesFromZod(parsed.error);
    const shown = issues.slice(0, 20).map((issue) => `${issue.path}: ${issue.message}`);
    throw new SuiteFileError(
      `${path}: invalid suite: ${shown.join('; ')}${issues.length > 20 ? ` (and ${issues.length - 20} more)` : ''}`,
      issues,
    );
  }
  const ids = new Set<string>();
  for (const evalCase of parsed.data.cases) {
    if (ids.has(evalCase.id)) throw new SuiteFileError(`${path}: case id ${evalCase.id} is used twice`);
    ids.add(evalCase.id);
  }
  return { kind: 'agent', path: absolute, dir, suite: parsed.data };
}
