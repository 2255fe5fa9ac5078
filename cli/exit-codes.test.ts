import { describe, expect, it } from 'vitest';
import { ConfigurationError, NotFoundError, ValidationError } from '../core/errors.ts';
import { exitCodeForError } from './exit-codes.ts';

describe('exitCodeForError', () => {
  it('exits 2 for invalid input and 1 for every other failure', () => {
    expect(exitCodeForError(new ValidationError('--since must be …'))).toBe(2);
    expect(exitCodeForError(new NotFoundError('tenant', 'nope'))).toBe(1);
    expect(exitCodeForError(new ConfigurationError('COPILOT_MODEL: …'))).toBe(1);
    expect(exitCodeForError(new Error('EIO'))).toBe(1);
    expect(exitCodeForError('a string')).toBe(1);
  });
});
