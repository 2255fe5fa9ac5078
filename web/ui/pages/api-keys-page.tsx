/** API keys of the tenant (admin): list, create (shown once), revoke. */
import type { ApiKeySummary } from '../../../core/identity/api-keys.ts';
import { ROLES, type Principal } from '../../../core/identity/roles.ts';
import { Layout } from '../layout.tsx';
import { formatDateTime } from '../format.ts';

export function ApiKeysPage({ principal, keys }: { principal: Principal; keys: ApiKeySummary[] }) {
  return (
    <Layout title="API keys" path="/settings/api-keys" principal={principal} scripts={['api-keys.js']}>
      <h1>API keys</h1>
      <p id="keys-status" role="status" aria-live="polite" class="visually-hidden"></p>
      <section class="card" aria-labelledby="create-key-heading">
        <h2 id="create-key-heading">Create a key</h2>
        <form id="create-key-form">
          <fieldset class="field">
            <legend>Roles</legend>
            <div class="actions">
              {ROLES.map((role) => (
                <label>
                  <input type="checkbox" name="roles" value={role} /> {role}
                </label>
              ))}
            </div>
          </fieldset>
          <div class="filters">
            <div class="field">
              <label for="key-user">User name</label>
              <input id="key-user" name="userName" maxlength={100} />
            </div>
            <div class="field">
              <label for="key-name">Key name</label>
              <input id="key-name" name="name" maxlength={100} />
            </div>
            <button type="submit">Create key</button>
          </div>
        </form>
        <div id="create-key-result"></div>
      </section>
      <div class="table-wrap">
        <table>
          <caption class="visually-hidden">API keys of {principal.tenantSlug}</caption>
          <thead>
            <tr>
              <th scope="col">Prefix</th>
              <th scope="col">Name</th>
              <th scope="col">User</th>
              <th scope="col">Roles</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">State</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {keys.map((key) => (
              <tr>
                <td>
                  <code>{key.prefix}</code>
                </td>
                <td>{key.name}</td>
                <td>{key.userName}</td>
                <td>{key.roles.join(', ')}</td>
                <td>{formatDateTime(key.createdAt)}</td>
                <td>{key.lastUsedAt ? formatDateTime(key.lastUsedAt) : '—'}</td>
                <td class="key-state">{key.revokedAt ? 'revoked' : key.id === principal.keyId ? 'active (yours)' : 'active'}</td>
                <td>
                  {key.revokedAt || key.id === principal.keyId ? null : (
                    <button type="button" class="secondary" data-revoke={key.id} data-prefix={key.prefix}>
                      Revoke <span class="visually-hidden">{key.prefix}</span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}
