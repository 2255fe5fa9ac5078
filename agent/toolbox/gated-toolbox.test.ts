import { describe, expect, it } from 'vitest';
import type { Database } from '../../core/db/database.ts';
import { buildDefaultRegistry } from '../../tools/registry.ts';
import { createGatedToolbox } from './gated-toolbox.ts';

describe('createGatedToolbox', () => {
  it('tells the provenance check which result fields a tool composes itself', () => {
    // describe() never touches the database.
    const toolbox = createGatedToolbox({} as Database, buildDefaultRegistry(), { roles: ['rep'] });
    const inventory = toolbox.describe().find((tool) => tool.name === 'get_inventory');
    expect(inventory?.systemTextPaths).toContain('derivation.*.detail');
    expect(toolbox.describe().find((tool) => tool.name === 'get_customer')?.systemTextPaths ?? []).not.toContain('derivation.*.detail');
  });
});
