import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { collectRoles } from './keys.ts';

describe('keys create --role', () => {
  it('takes repeated, space-separated and comma-separated roles', () => {
    expect(collectRoles('rep')).toEqual(['rep']);
    expect(collectRoles('rep,approver')).toEqual(['rep', 'approver']);
    expect(collectRoles(' approver , admin', ['rep'])).toEqual(['rep', 'approver', 'admin']);
    expect(collectRoles('rep', ['rep'])).toEqual(['rep']);
  });

  it('refuses an unknown role in a list, listing the allowed roles', () => {
    expect(() => collectRoles('rep,bogus')).toThrow(InvalidArgumentError);
    expect(() => collectRoles('rep,bogus')).toThrow('"bogus" is not a role. Allowed roles: rep, approver, admin, evaluator, integration.');
    expect(() => collectRoles(',')).toThrow('no role given');
  });
});
