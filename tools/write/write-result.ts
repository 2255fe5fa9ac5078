/** Fields every write tool's output ends with: what exception re-detection did after the change. */
import { z } from 'zod';

export const writeResultFields = {
  exceptionsResolved: z.array(z.string()).describe('Ids of exceptions this change resolved (their cause is gone).'),
  exceptionsRaised: z
    .array(z.string())
    .describe('Ids of exceptions this change raised (a new problem it caused, e.g. a location now oversold).'),
};
