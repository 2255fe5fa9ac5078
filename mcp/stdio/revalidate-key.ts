/**
 * A stdio server lives as long as its client, often for days. Key revocation must still take effect
 * at once, as it does on HTTP (where every request authenticates): every service call first checks
 * that the key is still valid, and fails as unauthorized when it is not.
 */
import type { McpServices } from '../mcp-services.ts';

export function revalidatingServices(services: McpServices, checkKey: () => Promise<void>): McpServices {
  const guard =
    <Args extends unknown[], Result>(call: (...args: Args) => Promise<Result>) =>
    async (...args: Args): Promise<Result> => {
      await checkKey();
      return call(...args);
    };
  return {
    invokeTool: guard(services.invokeTool),
    proposals: {
      list: guard(services.proposals.list),
      get: guard(services.proposals.get),
      approve: guard(services.proposals.approve),
      reject: guard(services.proposals.reject),
    },
    runbooks: { list: guard(services.runbooks.list), get: guard(services.runbooks.get) },
    exceptions: { list: guard(services.exceptions.list), get: guard(services.exceptions.get) },
  };
}
