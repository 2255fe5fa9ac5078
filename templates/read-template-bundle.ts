/**
 * Reads a template from disk — a directory holding template.yaml, or the template.yaml itself — into
 * one self-contained content value (the policy's and every runbook's text, not paths), validated whole.
 * Files are read only inside the template's directory, symlinks are not followed, and sizes are
 * checked before reading.
 */
import type { Dirent } from 'node:fs';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join, posix, sep } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { ValidationError } from '../core/errors.ts';
import { TemplateValidationError, type TemplateIssue } from './template-errors.ts';
import { templateManifestSchema, type TemplateContent, type TemplateFile } from './template-schema.ts';
import { decodeTemplateText, MAX_TEMPLATE_BYTES, MAX_TEMPLATE_FILE_BYTES, MAX_TEMPLATE_RUNBOOKS } from './template-text.ts';
import { MANIFEST_FILE, RUNBOOK_EXTENSIONS, validateTemplateContent } from './validate-template.ts';

export interface TemplateBundle {
  name: string;
  content: TemplateContent;
}

/** `users[1].roles[0]` */
const formatPath = (path: readonly PropertyKey[]): string =>
  path.length === 0
    ? '(root)'
    : path.map((segment, index) => (typeof segment === 'number' ? `[${segment}]` : `${index === 0 ? '' : '.'}${String(segment)}`)).join('');

class BundleReader {
  readonly issues: TemplateIssue[] = [];
  private total = 0;
  constructor(readonly root: string) {}

  /** The file's text, or undefined with the problem recorded. */
  async read(path: string, display = path): Promise<string | undefined> {
    const fail = (message: string, line?: number): undefined => {
      this.issues.push({ file: display, path: '(root)', message, ...(line ? { line } : {}) });
      return undefined;
    };
    let stats: Awaited<ReturnType<typeof lstat>>;
    try {
      stats = await lstat(join(this.root, path));
    } catch {
      return fail('does not exist');
    }
    if (stats.isSymbolicLink()) return fail('is a symbolic link (not followed: copy the file into the template)');
    if (!stats.isFile()) return fail('is not a regular file');
    if (stats.size > MAX_TEMPLATE_FILE_BYTES) return fail(`is larger than ${MAX_TEMPLATE_FILE_BYTES} bytes (${stats.size})`);
    this.total += stats.size;
    if (this.total > MAX_TEMPLATE_BYTES) return fail(`the template's files together are larger than ${MAX_TEMPLATE_BYTES} bytes`);
    const decoded = decodeTemplateText(await readFile(join(this.root, path)));
    if ('problem' in decoded) return fail(decoded.problem, decoded.line);
    return decoded.text;
  }

  /** Markdown files under a directory of the template, as paths relative to the root ('/'-separated), sorted. */
  async runbookPaths(directory: string): Promise<string[]> {
    const found: string[] = [];
    const walk = async (relativeDir: string): Promise<void> => {
      let entries: Dirent[];
      try {
        entries = await readdir(join(this.root, relativeDir), { withFileTypes: true });
      } catch {
        this.issues.push({ file: MANIFEST_FILE, path: 'runbooks', message: `${relativeDir} is not a readable directory` });
        return;
      }
      for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
        if (entry.name.startsWith('.')) continue; // .DS_Store, editor swap files
        const path = posix.join(relativeDir.split(sep).join('/'), entry.name);
        if (entry.isDirectory()) await walk(path);
        else if (RUNBOOK_EXTENSIONS.some((extension) => entry.name.toLowerCase().endsWith(extension)) || !entry.isFile()) found.push(path);
        else this.issues.push({ file: path, path: '(root)', message: `not a Markdown runbook (${RUNBOOK_EXTENSIONS.join(', ')})` });
      }
    };
    await walk(directory);
    return found;
  }
}

/** Where the manifest is: `DIR/template.yaml` for a directory, else the file itself. */
async function locateManifest(input: string): Promise<{ root: string; manifest: string }> {
  let stats: Awaited<ReturnType<typeof lstat>>;
  try {
    stats = await lstat(input);
  } catch {
    throw new ValidationError(`template ${input} does not exist`, [{ path: 'template', message: 'no such file or directory' }]);
  }
  return stats.isDirectory() ? { root: input, manifest: MANIFEST_FILE } : { root: dirname(input), manifest: basename(input) };
}

/** The line of the deepest node on the path that exists (a missing field is reported where its parent is). */
function locate(root: unknown, path: readonly PropertyKey[], lineAt: (offset: number) => number): number | undefined {
  let node = root as { range?: [number, number, number] } | null | undefined;
  let offset = node?.range?.[0];
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && item.key.value === segment);
      if (!pair) break;
      offset = (pair.key as { range?: [number, number, number] }).range?.[0] ?? offset;
      node = pair.value as typeof node;
    } else if (isSeq(node) && typeof segment === 'number' && node.items[segment]) {
      node = node.items[segment] as typeof node;
      offset = node?.range?.[0] ?? offset;
    } else break;
  }
  return offset === undefined ? undefined : lineAt(offset);
}

function parseManifest(source: string, file: string, issues: TemplateIssue[]) {
  const lineCounter = new LineCounter();
  const document = parseDocument(source, { lineCounter, uniqueKeys: true, prettyErrors: false });
  if (document.errors.length > 0) {
    for (const error of document.errors)
      issues.push({ file, path: '(yaml)', message: error.message.split('\n')[0]!, line: lineCounter.linePos(error.pos[0]).line });
    return undefined;
  }
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: 50 });
  } catch (error) {
    issues.push({ file, path: '(yaml)', message: (error as Error).message });
    return undefined;
  }
  const parsed = templateManifestSchema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    const keys = issue.code === 'unrecognized_keys' ? (issue as { keys: string[] }).keys : [];
    const path = keys.length > 0 ? [...issue.path, keys[0]!] : issue.path;
    const line = locate(document.contents, path, (offset) => lineCounter.linePos(offset).line);
    issues.push({ file, path: formatPath(path), message: issue.message, ...(line ? { line } : {}) });
  }
  return undefined;
}

/** Reads and validates a template; throws TemplateValidationError listing every problem found. */
export async function readTemplateBundle(input: string): Promise<TemplateBundle> {
  const { root, manifest: manifestFile } = await locateManifest(input);
  const reader = new BundleReader(root);
  const manifestSource = await reader.read(manifestFile);
  if (manifestSource === undefined) throw new TemplateValidationError(reader.issues);
  const manifest = parseManifest(manifestSource, manifestFile, reader.issues);
  if (!manifest) throw new TemplateValidationError(reader.issues);

  const policySource = await reader.read(manifest.policy);
  const runbooks: TemplateFile[] = [];
  if (manifest.runbooks !== undefined) {
    const paths = await reader.runbookPaths(manifest.runbooks);
    if (paths.length > MAX_TEMPLATE_RUNBOOKS)
      reader.issues.push({
        file: manifestFile,
        path: 'runbooks',
        message: `more than ${MAX_TEMPLATE_RUNBOOKS} runbooks (${paths.length})`,
      });
    else
      for (const path of paths) {
        const source = await reader.read(path);
        if (source !== undefined) runbooks.push({ path, source });
      }
  }
  if (policySource === undefined) throw new TemplateValidationError(reader.issues);
  const content: TemplateContent = {
    description: manifest.description,
    slaCalendar: manifest.slaCalendar,
    users: manifest.users,
    routes: manifest.routes,
    policy: { path: manifest.policy, source: policySource },
    runbooks,
  };
  const validation = validateTemplateContent(content);
  const issues = [...reader.issues, ...(validation.ok ? [] : validation.issues)].map((issue) =>
    issue.file === MANIFEST_FILE ? { ...issue, file: manifestFile } : issue,
  );
  if (issues.length > 0) throw new TemplateValidationError(issues);
  return { name: manifest.name, content };
}
