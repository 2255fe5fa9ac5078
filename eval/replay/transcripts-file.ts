/**
 * Transcript files: JSON Lines, one run per line, as `copilot runs export --jsonl` writes them
 * (agent/transcripts' format). Runs recorded by `copilot eval` carry one more field, `eval`, naming
 * the suite file, case and turn they came from, so a replay can rebuild their fixture.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { ValidationError, issuesFromZod, type FieldIssue } from '../../core/errors.ts';
import { runTranscriptSchema, type RunTranscript } from '../../agent/transcripts/transcript-schema.ts';

export const evalAnnotationSchema = z.object({
  /** The suite file (relative to the working directory, or absolute). */
  suite: z.string().min(1),
  case: z.string().min(1),
  turn: z.number().int().min(1),
});
export type EvalAnnotation = z.infer<typeof evalAnnotationSchema>;

export interface StoredTranscript {
  line: number;
  transcript: RunTranscript;
  eval?: EvalAnnotation;
}

export async function readTranscriptsFile(path: string): Promise<StoredTranscript[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ValidationError(`${path}: cannot read: ${(error as Error).message}`);
  }
  const stored: StoredTranscript[] = [];
  const issues: FieldIssue[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    if (!raw.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      issues.push({ path: `line ${line}`, message: `not JSON: ${(error as Error).message}` });
      return;
    }
    const transcript = runTranscriptSchema.safeParse(value);
    if (!transcript.success) {
      for (const issue of issuesFromZod(transcript.error)) issues.push({ path: `line ${line}: ${issue.path}`, message: issue.message });
      return;
    }
    const annotation = (value as { eval?: unknown }).eval;
    const parsedAnnotation = annotation === undefined ? undefined : evalAnnotationSchema.safeParse(annotation);
    if (parsedAnnotation && !parsedAnnotation.success) {
      for (const issue of issuesFromZod(parsedAnnotation.error))
        issues.push({ path: `line ${line}: eval.${issue.path}`, message: issue.message });
      return;
    }
    stored.push({ line, transcript: transcript.data, ...(parsedAnnotation?.success ? { eval: parsedAnnotation.data } : {}) });
  });
  if (issues.length) {
    throw new ValidationError(
      `${path}: not a transcripts file: ${issues
        .slice(0, 10)
        .map((issue) => `${issue.path}: ${issue.message}`)
        .join('; ')}`,
      issues,
    );
  }
  if (!stored.length) throw new ValidationError(`${path}: holds no transcripts`);
  return stored;
}

export function transcriptLine(transcript: RunTranscript, annotation?: EvalAnnotation): string {
  return JSON.stringify(annotation ? { ...transcript, eval: annotation } : transcript);
}

export async function writeTranscriptsFile(
  path: string,
  entries: ReadonlyArray<{ transcript: RunTranscript; annotation?: EvalAnnotation }>,
): Promise<void> {
  await writeFile(path, entries.map((entry) => `${transcriptLine(entry.transcript, entry.annotation)}\n`).join(''));
}
