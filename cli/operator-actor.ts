/** The operator at the shell, as audit entries name them: the OS account that ran the command. */
import { userInfo } from 'node:os';
import type { AuditActor } from '../policies/index.ts';

export function operatorActor(command: string): AuditActor {
  let name = 'operator';
  try {
    name = userInfo().username || name;
  } catch {
    // No passwd entry (some containers): the command alone identifies the change.
  }
  return { kind: 'operator', name, ref: command };
}
