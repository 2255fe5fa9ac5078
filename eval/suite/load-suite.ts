/**
 * Reads suite files (YAML, YML or JSON). Agent suites (kind triage or chat) are validated against the
 * suite schema here; retrieval suites (kind retrieval, the knowledge index's labelled queries) are
 * passed on as they are, for the retrieval evaluation to read. Errors name the file and the field.
 * A suite may keep its cases in case files (`caseFiles:`, paths relative to the suite file; each file
 * holds `cases:`), so a large suite splits by subject while sharing its scenarios.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, extname, join, resolve } from 'node:path';
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

const caseFileSchema = z.strictObject({ cases: z.array(z.unknown()).min(1) });
const caseFilesProbe = z.object({ caseFiles: z.array(z.string().min(1).max(500)).min(1).optional() });

async function readStructured(path: string, shownPath: string): Promise<unknown> {
  const extension = extname(path).toLowerCase();
  if (!SUITE_EXTENSIONS.has(extension)) throw new SuiteFileError(`${shownPath}: a suite or case file is a .yaml, .yml or .json file`);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new SuiteFileError(`${shownPath}: cannot read: ${(error as Error).message}`);
  }
  try {
    return extension === '.json' ? JSON.parse(text) : parseYaml(text, { prettyErrors: true });
  } catch (error) {
    throw new SuiteFileError(`${shownPath}: not valid ${extension === '.json' ? 'JSON' : 'YAML'}: ${(error as Error).message}`);
  }
}

/** Where each case came from, so an error names the case file and the case's index there. */
interface CaseOrigin {
  file: string;
  index: number;
}

/** The suite's own cases followed by those of its case files, in the order listed. */
async function gatherCases(
  raw: Record<string, unknown>,
  path: string,
  dir: string,
): Promise<{ raw: unknown; origins: Array<CaseOrigin | undefined> }> {
  const probe = caseFilesProbe.safeParse(raw);
  if (!probe.success) throw new SuiteFileError(`${path}: caseFiles: a list of case file paths relative to the suite file`);
  const own = Array.isArray(raw.cases) ? raw.cases : [];
  // The suite's own cases keep the plain `cases.N` path; only cases from case files are relocated.
  const origins: Array<CaseOrigin | undefined> = own.map(() => undefined);
  if (!probe.data.caseFiles) return { raw, origins };
  const cases = [...own];
  for (const file of probe.data.caseFiles) {
    const shown = `${path} → ${file}`;
    const parsed = caseFileSchema.safeParse(await readStructured(resolve(dir, file), shown));
    if (!parsed.success) throw new SuiteFileError(`${shown}: a case file is an object with only a non-empty cases list`);
    parsed.data.cases.forEach((item, index) => {
      cases.push(item);
      origins.push({ file: shown, index });
    });
  }
  const { caseFiles: _caseFiles, ...rest } = raw;
  return { raw: { ...rest, cases }, origins };
}

/** `cases.12.expect` of the merged suite as `cases[3].expect` of the file the case came from. */
function locateIssue(path: string, origins: ReadonlyArray<CaseOrigin | undefined>): string {
  const match = /^cases\.(\d+)(.*)$/.exec(path);
  const origin = match ? origins[Number(match[1])] : undefined;
  return origin && match ? `${origin.file}: cases[${origin.index}]${match[2]}` : path;
}

export async function loadSuiteFile(path: string): Promise<LoadedSuite> {
  const absolute = resolve(path);
  const raw = await readStructured(absolute, path);
  const probe = kindProbe.safeParse(raw);
  if (!probe.success) throw new SuiteFileError(`${path}: a suite is an object with name, kind and cases`);
  const dir = dirname(absolute);
  if (probe.data.kind === 'retrieval') {
    return { kind: 'retrieval', path: absolute, dir, name: probe.data.name ?? 'retrieval', cases: probe.data.cases?.length ?? 0 };
  }
  if (probe.data.kind === undefined && probe.data.name === undefined && probe.data.cases)
    throw new SuiteFileError(`${path}: a case file, not a suite: run the suite that lists it under caseFiles`);
  const gathered = await gatherCases(raw as Record<string, unknown>, path, dir);
  const parsed = agentSuiteSchema.safeParse(gathered.raw);
  if (!parsed.success) {
    const issues = issuesFromZod(parsed.error).map((issue) => ({ ...issue, path: locateIssue(issue.path, gathered.origins) }));
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

/**
 * Suite files named on the command line, with every directory replaced by the suite files under it
 * (recursively, sorted, hidden entries skipped), so `copilot eval eval/suites/paraphrase` runs a split.
 * A directory with no suite file in it is an error, not an empty run.
 */
export async function expandSuitePaths(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  const walk = async (dir: string): Promise<string[]> => {
    const found: string[] = [];
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) found.push(...(await walk(path)));
      else if (entry.isFile() && SUITE_EXTENSIONS.has(extname(entry.name).toLowerCase())) found.push(path);
    }
    return found;
  };
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (!info?.isDirectory()) {
      files.push(path);
      continue;
    }
    const inside = await walk(path);
    if (!inside.length) throw new SuiteFileError(`${path}: the directory holds no suite file (.yaml, .yml or .json)`);
    files.push(...inside);
  }
  return [...new Set(files)];
}
