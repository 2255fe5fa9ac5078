/** A template that fails validation: every problem, each naming its file, line (where known) and field. */
import { ValidationError, type FieldIssue } from '../core/errors.ts';

export interface TemplateIssue extends FieldIssue {
  /** The file inside the template (`template.yaml`, `policy.yaml`, `runbooks/refunds.md`). */
  file: string;
  /** 1-based line in that file, when the problem has one. */
  line?: number;
}

export const formatTemplateIssue = (issue: TemplateIssue): string =>
  `${issue.file}${issue.line ? `:${issue.line}` : ''}: ${issue.path === '(root)' ? '' : `${issue.path}: `}${issue.message}`;

export class TemplateValidationError extends ValidationError {
  declare readonly issues: TemplateIssue[];
  constructor(issues: TemplateIssue[], what = 'template') {
    // One problem per line: a template can have several, in several files.
    super(
      `invalid ${what} (${issues.length} ${issues.length === 1 ? 'problem' : 'problems'}):\n${issues.map((issue) => `  - ${formatTemplateIssue(issue)}`).join('\n')}`,
      issues,
    );
  }
}
