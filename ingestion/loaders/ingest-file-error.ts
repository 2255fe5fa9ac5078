/** Why one file was not ingested. The run reports it, skips the file and continues. */
import { AppError } from '../../core/errors.ts';

export class IngestFileError extends AppError {
  readonly file: string;
  readonly line: number | undefined;
  /** The message without the file name (reports list it beside the path). */
  readonly reason: string;

  constructor(file: string, message: string, line?: number) {
    super('validation_failed', `${file}${line ? `:${line}` : ''}: ${message}`, { file, ...(line ? { line } : {}) });
    this.file = file;
    this.line = line;
    this.reason = line ? `line ${line}: ${message}` : message;
  }
}
