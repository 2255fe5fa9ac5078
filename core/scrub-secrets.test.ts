import { describe, expect, it } from 'vitest';
import { scrubSecrets } from './scrub-secrets.ts';

describe('scrubSecrets', () => {
  it('removes passwords in connection URLs, bearer tokens and key-shaped strings', () => {
    const text =
      'connect postgres://copilot:S3cretPw@db.internal:5432/ops failed; Authorization: Bearer abc.def-123; ' +
      'key sk-proj-AbCdEf1234567890 and ocp_Ab12Cd34Ef_Zz9-yy; https://x.example/v1?api_key=k123&q=1';
    const scrubbed = scrubSecrets(text);
    for (const secret of ['S3cretPw', 'abc.def-123', 'sk-proj-AbCdEf1234567890', 'ocp_Ab12Cd34Ef_Zz9-yy', 'k123'])
      expect(scrubbed).not.toContain(secret);
    expect(scrubbed).toContain('postgres://copilot:[redacted]@db.internal:5432/ops');
    expect(scrubbed).toContain('q=1');
  });

  it('leaves ordinary text alone', () => {
    const text = 'order 10482: ERP-503 at https://erp.example/api (retry 3 of 5)';
    expect(scrubSecrets(text)).toBe(text);
  });
});
