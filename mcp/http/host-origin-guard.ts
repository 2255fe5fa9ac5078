/**
 * DNS-rebinding protection for the MCP endpoint (MCP specification, Streamable HTTP security
 * warning): a web page on an attacker's domain that resolves to this server must not reach it. The
 * Host header has to name this server (loopback by default, plus COPILOT_ALLOWED_HOSTS), and a browser's
 * Origin, when sent, has to name an allowed host or an origin listed in COPILOT_CORS_ORIGINS.
 */

const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

export interface HostOriginPolicy {
  /** Lower-case `host` (any port) or `host:port` entries. */
  allowedHosts: readonly string[];
  /** Exact origins (`https://ops.example.com`) a browser client may call from. */
  allowedOrigins: readonly string[];
}

export type GuardVerdict = { allowed: true } | { allowed: false; reason: string };

const splitList = (setting: string | undefined): string[] =>
  (setting ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);

export function hostOriginPolicy(settings: { allowedHosts?: string; corsOrigins?: string }): HostOriginPolicy {
  return {
    allowedHosts: [...LOOPBACK_HOSTS, ...splitList(settings.allowedHosts).map((host) => host.toLowerCase())],
    allowedOrigins: splitList(settings.corsOrigins).map((origin) => origin.replace(/\/+$/, '').toLowerCase()),
  };
}

/** Parses `host[:port]` (IPv6 in brackets) the way URL does; undefined when it is not a host. */
function parseHost(value: string): { hostname: string; port: string } | undefined {
  try {
    const url = new URL(`http://${value}`);
    if (url.username || url.password || url.pathname !== '/' || url.search || url.hash) return undefined;
    return { hostname: url.hostname.toLowerCase(), port: url.port };
  } catch {
    return undefined;
  }
}

function hostAllowed(host: { hostname: string; port: string }, policy: HostOriginPolicy): boolean {
  return policy.allowedHosts.some((entry) => {
    const allowed = parseHost(entry);
    if (!allowed) return false;
    return allowed.hostname === host.hostname && (allowed.port === '' || allowed.port === host.port);
  });
}

export function checkHostAndOrigin(request: Request, policy: HostOriginPolicy): GuardVerdict {
  // Node's server builds request.url from the Host header; in-process requests have only the URL.
  const hostHeader = request.headers.get('host') ?? new URL(request.url).host;
  const host = parseHost(hostHeader);
  if (!host || !hostAllowed(host, policy)) {
    return { allowed: false, reason: `host ${JSON.stringify(hostHeader)} is not allowed (set COPILOT_ALLOWED_HOSTS)` };
  }
  const origin = request.headers.get('origin');
  if (origin === null) return { allowed: true };
  if (policy.allowedOrigins.includes(origin.replace(/\/+$/, '').toLowerCase())) return { allowed: true };
  let originHost: { hostname: string; port: string } | undefined;
  try {
    const url = new URL(origin);
    originHost =
      url.protocol === 'http:' || url.protocol === 'https:' ? { hostname: url.hostname.toLowerCase(), port: url.port } : undefined;
  } catch {
    originHost = undefined;
  }
  if (!originHost || !hostAllowed(originHost, policy)) {
    return { allowed: false, reason: `origin ${JSON.stringify(origin)} is not allowed (set COPILOT_CORS_ORIGINS)` };
  }
  return { allowed: true };
}
