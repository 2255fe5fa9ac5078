/** A take / hand-over / release form as the assignment change the API takes (validated there, by its schema). */
import { z } from 'zod';

const formSchema = z.object({
  action: z.enum(['take', 'hand_over', 'release'], { message: 'choose take, hand over or release' }),
  owner: z.string().optional(),
  queue: z.string().optional(),
  note: z.string().optional(),
});

const present = (value: string | undefined): string | undefined => (value?.trim() ? value.trim() : undefined);

/** Empty fields are absent; the change itself is validated by assignmentActionSchema (policies/routing). */
export function assignmentFromForm(body: Record<string, unknown>): unknown {
  const form = formSchema.safeParse(body);
  if (!form.success) return body;
  const { action } = form.data;
  const note = present(form.data.note);
  if (action === 'hand_over') {
    const owner = present(form.data.owner);
    const queue = present(form.data.queue);
    return { action, to: { ...(owner ? { owner } : {}), ...(queue ? { queue } : {}) }, ...(note ? { note } : {}) };
  }
  return { action, ...(note ? { note } : {}) };
}

export const ASSIGNMENT_DONE: Record<string, string> = {
  taken: 'You have it now.',
  handed_over: 'Handed over.',
  released: 'Released to its queue.',
};
