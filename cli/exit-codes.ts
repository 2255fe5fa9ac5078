/**
 * Exit statuses of the command line. Usage mistakes (a bad option value, a missing argument) exit 2,
 * as commander's own usage errors do, so scripts can tell "you called it wrong" from "it failed" (1).
 */
import { AppError } from '../core/errors.ts';

export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** The exit status for an error a command threw: 2 for invalid input (validation_failed), 1 otherwise. */
export function exitCodeForError(error: unknown): number {
  return error instanceof AppError && error.code === 'validation_failed' ? EXIT_USAGE : EXIT_FAILURE;
}
