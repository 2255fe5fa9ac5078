// Small DOM helpers shared by the page scripts. Text always goes in as text nodes, never as HTML.
export function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') node.className = value;
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** fetch for the JSON API with the session cookie; throws an Error carrying the API's error body. */
export async function api(path, { method = 'GET', json } = {}) {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: json === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
    body: json === undefined ? undefined : JSON.stringify(json),
  });
  const body = response.headers.get('Content-Type')?.includes('application/json') ? await response.json() : undefined;
  if (!response.ok) {
    const error = new Error(body?.error?.message ?? `request failed with status ${response.status}`);
    error.status = response.status;
    error.code = body?.error?.code;
    error.details = body?.error?.details;
    throw error;
  }
  return body;
}

/** Link to the runbook passage a citation points at: /runbooks/<document>?version=<n>#<section>. */
export function citationHref(citation) {
  const [documentFromRef, section] = String(citation.ref ?? '').split('#');
  const documentId = citation.documentId ?? documentFromRef;
  if (!documentId || documentId.startsWith('tool:')) return undefined;
  const version = citation.version ? `?version=${encodeURIComponent(citation.version)}` : '';
  return `/runbooks/${encodeURIComponent(documentId)}${version}${section ? `#${encodeURIComponent(section)}` : ''}`;
}

export function announce(region, text) {
  region.textContent = '';
  // A fresh text node makes screen readers announce repeated messages too.
  setTimeout(() => {
    region.textContent = text;
  }, 50);
}
