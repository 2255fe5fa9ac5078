/**
 * The text rule (core/text/safe-text.ts) for command lines: checked once, before any command runs, on
 * every option value and argument, so a NUL or unpaired surrogate is a usage error naming the option
 * instead of a database failure half-way through. (A shell cannot pass NUL, but `main(argv)` is also
 * called programmatically, and an argument may arrive from a script.)
 */
import type { Command } from 'commander';
import { ValidationError, type FieldIssue } from '../core/errors.ts';
import { unsafeTextIssues } from '../core/text/safe-text.ts';

export function commandTextIssues(command: Command): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const option of command.options) {
    const name = option.attributeName();
    const value = command.getOptionValue(name);
    issues.push(...unsafeTextIssues(value).map((issue) => ({ ...issue, path: `--${option.name()}` })));
  }
  command.args.forEach((argument, index) => {
    issues.push(...unsafeTextIssues(argument).map((issue) => ({ ...issue, path: `argument ${index + 1}` })));
  });
  return issues;
}

export function refuseUnsafeCommandText(command: Command): void {
  const issues = commandTextIssues(command);
  if (issues.length > 0)
    throw new ValidationError(`invalid command line: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
}
