// API keys page (admin): create a key (shown once) and revoke keys through the JSON API.
import { announce, api, element } from './dom.js';

const form = document.getElementById('create-key-form');
const result = document.getElementById('create-key-result');
const status = document.getElementById('keys-status');

form?.addEventListener('submit', async (event) => {
  event.preventDefault();
  const data = new FormData(form);
  const roles = data.getAll('roles');
  const body = { roles };
  if (data.get('userName')) body.userName = String(data.get('userName'));
  if (data.get('name')) body.name = String(data.get('name'));
  result.replaceChildren();
  try {
    const created = await api('/v1/api-keys', { method: 'POST', json: body });
    result.append(
      element(
        'div',
        { class: 'notice ok', role: 'status' },
        element('p', {}, `Key for ${created.userName} (${created.roles.join(', ')}). Copy it now: it is not shown again.`),
        element('pre', {}, element('code', { id: 'new-key' }, created.key)),
      ),
    );
  } catch (error) {
    result.append(element('p', { class: 'notice error', role: 'alert' }, error.message));
  }
});

for (const button of document.querySelectorAll('button[data-revoke]')) {
  button.addEventListener('click', async () => {
    if (!window.confirm(`Revoke key ${button.dataset.prefix}? Every session and client using it stops working.`)) return;
    try {
      await api(`/v1/api-keys/${encodeURIComponent(button.dataset.revoke)}`, { method: 'DELETE' });
      button.closest('tr').querySelector('.key-state').textContent = 'revoked';
      button.remove();
      announce(status, `Key ${button.dataset.prefix} revoked.`);
    } catch (error) {
      announce(status, `Could not revoke: ${error.message}`);
    }
  });
}
