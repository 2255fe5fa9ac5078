import { describe, expect, it } from 'vitest';
import { UnauthorizedError } from '../../core/errors.ts';
import { FakeWorld, principal } from '../testing/fake-services.ts';
import { revalidatingServices } from './revalidate-key.ts';

describe('revalidatingServices', () => {
  it('checks the key before every call and refuses once it is revoked', async () => {
    const world = new FakeWorld();
    let revoked = false;
    let checks = 0;
    const services = revalidatingServices(world.services(), async () => {
      checks += 1;
      if (revoked) throw new UnauthorizedError();
    });
    const rep = principal('a', ['rep']);
    await expect(services.runbooks.list(rep)).resolves.toHaveLength(2);
    await services.invokeTool({ principal: rep, tool: 'get_stock', args: { sku: 'S' }, origin: { kind: 'mcp' } });
    expect(checks).toBe(2);
    revoked = true;
    await expect(
      services.invokeTool({ principal: rep, tool: 'adjust_stock', args: { sku: 'S', quantity: 1 }, origin: { kind: 'mcp' } }),
    ).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(services.exceptions.get(rep, '11111111-1111-4111-8111-111111111111')).rejects.toBeInstanceOf(UnauthorizedError);
    expect(world.requests).toHaveLength(1);
  });
});
