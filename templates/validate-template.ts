/**
 * Validates a template's content as a whole: the policy document, every runbook, the routes and the
 * people, and how they refer to each other (a route's queue must be one the policy declares). Runs when
 * a template is published and again when a tenant is created from it, since the product's schemas may
 * have tightened in between. Every problem is collected, each naming its file, line and field.
 */
import { firstUnsafeCharacter } from '../core/text/safe-text.ts';
import { loadMarkdown, type SourceDocument } from '../ingestion/index.ts';
import { validateEndpointUrl, validateMailto } from '../integrations/index.ts';
import { validatePolicySource, type PolicyDocument } from '../policies/index.ts';
import { lineOf } from './template-text.ts';
import type { TemplateIssue } from './template-errors.ts';
import type { TemplateContent, TemplateFile } from './template-schema.ts';

export const MANIFEST_FILE = 'template.yaml';
export const RUNBOOK_EXTENSIONS = ['.md', '.markdown'] as const;

export type TemplateValidation = { ok: true; policy: PolicyDocument; documents: SourceDocument[] } | { ok: false; issues: TemplateIssue[] };

/**
 * The runbook as the knowledge index will take it, or the problem with it. `sourcePath` is what the
 * index records as the document's source (the template and version it came from).
 */
export function loadRunbook(file: TemplateFile, sourcePath = file.path): SourceDocument | TemplateIssue {
  const issue = (message: string, line?: number, path = '(root)'): TemplateIssue => ({
    file: file.path,
    path,
    message,
    ...(line ? { line } : {}),
  });
  if (!RUNBOOK_EXTENSIONS.some((extension) => file.path.toLowerCase().endsWith(extension)))
    return issue(`a runbook must be Markdown (${RUNBOOK_EXTENSIONS.join(', ')}) with front-matter`);
  const unsafe = firstUnsafeCharacter(file.source);
  if (unsafe) return issue(unsafe.problem, lineOf(file.source, unsafe.offset));
  let document: SourceDocument;
  try {
    document = loadMarkdown(sourcePath, file.source);
  } catch (error) {
    const failure = error as { line?: number; message: string };
    // IngestFileError's message starts with "<file>:<line>: "; the issue carries file and line itself.
    const message = failure.message.replace(/^[^\n]*?:(\d+:)? /, '');
    const field = /^front-matter field (\S+): (.*)$/s.exec(message);
    return field ? issue(field[2]!, failure.line, `front-matter.${field[1]}`) : issue(message, failure.line);
  }
  if (document.idFromPath) return issue('needs front-matter with at least id and title (--- id: … title: … ---)', 1, 'front-matter');
  if (document.visibility)
    return issue('runbooks of a template are private to the tenant created from it: remove visibility', 1, 'front-matter.visibility');
  if (!document.body.trim()) return issue('has no text after its front-matter');
  return document;
}

export function validateTemplateContent(
  content: TemplateContent,
  options: { runbookSourcePath?: (path: string) => string } = {},
): TemplateValidation {
  const issues: TemplateIssue[] = [];

  const policy = validatePolicySource(content.policy.source);
  if (!policy.ok) issues.push(...policy.issues.map(({ line, column: _column, ...rest }) => ({ file: content.policy.path, line, ...rest })));

  const documents: SourceDocument[] = [];
  const firstPathById = new Map<string, string>();
  for (const file of content.runbooks) {
    const loaded = loadRunbook(file, options.runbookSourcePath?.(file.path));
    if ('file' in loaded && !('blocks' in loaded)) {
      issues.push(loaded);
      continue;
    }
    const document = loaded as SourceDocument;
    const first = firstPathById.get(document.id);
    if (first) issues.push({ file: file.path, path: 'front-matter.id', message: `duplicate runbook id "${document.id}" (also ${first})` });
    else firstPathById.set(document.id, file.path);
    documents.push(document);
  }

  const userNames = new Map<string, number>();
  content.users.forEach((user, index) => {
    const first = userNames.get(user.name);
    if (first !== undefined)
      issues.push({ file: MANIFEST_FILE, path: `users[${index}].name`, message: `duplicate user "${user.name}" (also users[${first}])` });
    else userNames.set(user.name, index);
  });

  // People the policy names (queue members, leads, on-call, rule owners) may be added later (single
  // sign-on); a route's users must be someone the template or the policy knows.
  const routing = policy.ok ? policy.document.routing : undefined;
  const queues = new Set(routing ? [routing.defaultQueue, ...routing.queues.map((queue) => queue.id)] : []);
  const people = new Set([
    ...userNames.keys(),
    ...(routing?.queues.flatMap((queue) => [
      ...queue.members,
      ...(queue.lead ? [queue.lead] : []),
      ...(queue.onCall ? [queue.onCall] : []),
    ]) ?? []),
    ...(routing?.rules.flatMap((rule) => (rule.owner ? [rule.owner] : [])) ?? []),
  ]);
  content.routes.forEach((route, index) => {
    try {
      // The same checks `webhooks add` applies (https, no private or loopback address, a valid mailbox).
      if (route.channel === 'email') validateMailto(route.url);
      else validateEndpointUrl(route.url, { allowPrivate: false });
    } catch (error) {
      issues.push({ file: MANIFEST_FILE, path: `routes[${index}].url`, message: (error as Error).message });
    }
    if (!routing) return;
    route.queues.forEach((queue, position) => {
      if (!queues.has(queue))
        issues.push({
          file: MANIFEST_FILE,
          path: `routes[${index}].queues[${position}]`,
          message: `queue "${queue}" is not declared in ${content.policy.path} (routing.queues: ${[...queues].join(', ')})`,
        });
    });
    route.users.forEach((user, position) => {
      if (!people.has(user))
        issues.push({
          file: MANIFEST_FILE,
          path: `routes[${index}].users[${position}]`,
          message: `user "${user}" is neither in users nor named in ${content.policy.path}'s routing`,
        });
    });
  });

  return issues.length > 0 || !policy.ok ? { ok: false, issues } : { ok: true, policy: policy.document, documents };
}
