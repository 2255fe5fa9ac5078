/**
 * YAML front-matter (`---` … `---` at the top of a file), parsed with `yaml` and validated with zod.
 * Errors name the file and the line: a YAML syntax error its own line, a bad field the line of its key.
 */
import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import { frontMatterSchema, type FrontMatter } from '../source-document.ts';
import { IngestFileError } from './ingest-file-error.ts';

export interface SplitFrontMatter {
  /** Parsed and validated, or undefined when the file has none of ours. */
  frontMatter: FrontMatter | undefined;
  /** The title from another tool's front-matter (a docs site's: no `id`, none of our fields). */
  foreignTitle?: string;
  /** The text after the closing delimiter. */
  body: string;
  /** 1-based line number of the body's first line in the file. */
  bodyStartLine: number;
}

const DELIMITER = /^---\s*$/;

export function splitFrontMatter(file: string, text: string): SplitFrontMatter {
  const lines = text.split('\n');
  if (!DELIMITER.test(lines[0] ?? '')) return { frontMatter: undefined, body: text, bodyStartLine: 1 };
  const close = lines.findIndex((line, index) => index > 0 && /^(---|\.\.\.)\s*$/.test(line));
  if (close < 0) throw new IngestFileError(file, 'front-matter opened with "---" is never closed', 1);

  const yamlText = lines.slice(1, close).join('\n');
  const lineCounter = new LineCounter();
  const document = parseDocument(yamlText, { lineCounter, prettyErrors: false, uniqueKeys: true });
  // Line numbers inside the YAML are offset by the opening delimiter.
  const fileLine = (offset: number): number => lineCounter.linePos(offset).line + 1;
  const yamlError = document.errors[0];
  if (yamlError) {
    throw new IngestFileError(file, `malformed front-matter: ${yamlError.message.split('\n')[0]}`, fileLine(yamlError.pos[0]));
  }
  const data: unknown = document.toJS() ?? {};
  if (typeof data !== 'object' || Array.isArray(data))
    throw new IngestFileError(file, 'front-matter must be a mapping of keys to values', 2);

  // A docs site's front-matter (sidebar_position, slug, description…) is not ours: its title is used,
  // the id comes from the path. Ours has an id, or at least one of our fields (then a missing id is an error).
  const ours = ['id', 'type', 'applies_to', 'actions', 'systems', 'conditions', 'version', 'owner', 'visibility'];
  if (!ours.some((key) => key in (data as object))) {
    const title = (data as Record<string, unknown>).title;
    return {
      frontMatter: undefined,
      ...(typeof title === 'string' && title.trim() ? { foreignTitle: title.trim().slice(0, 300) } : {}),
      body: lines.slice(close + 1).join('\n'),
      bodyStartLine: close + 2,
    };
  }
  const result = frontMatterSchema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const key = String(issue.path[0] ?? '');
    let line = 2;
    if (isMap(document.contents)) {
      const pair = document.contents.items.find((item) => isScalar(item.key) && item.key.value === key);
      const range = (pair?.key as { range?: [number, number, number] } | undefined)?.range;
      if (range) line = fileLine(range[0]);
    }
    const field = issue.path.length ? issue.path.map(String).join('.') : '(front-matter)';
    throw new IngestFileError(file, `front-matter field ${field}: ${issue.message}`, line);
  }
  return { frontMatter: result.data, body: lines.slice(close + 1).join('\n'), bodyStartLine: close + 2 };
}
