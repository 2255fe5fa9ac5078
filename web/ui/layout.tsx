/** The page frame: skip link, header with navigation (filtered by role), signed-in user, main landmark. */
import type { Child } from 'hono/jsx';
import { hasAnyRole, type Principal, type Role } from '../../core/identity/roles.ts';
import { assetUrl } from './assets.ts';

interface NavItem {
  href: string;
  label: string;
  roles: readonly Role[];
}

const HUMAN_ROLES: readonly Role[] = ['rep', 'approver', 'admin', 'evaluator'];

export const NAV_ITEMS: readonly NavItem[] = [
  { href: '/', label: 'Dashboard', roles: HUMAN_ROLES },
  { href: '/chat', label: 'Copilot', roles: ['rep', 'approver', 'admin'] },
  { href: '/exceptions', label: 'Exceptions', roles: ['rep', 'approver', 'admin'] },
  { href: '/risks', label: 'Risks', roles: ['rep', 'approver', 'admin'] },
  { href: '/approvals', label: 'Approvals', roles: ['rep', 'approver', 'admin'] },
  { href: '/runs', label: 'Runs', roles: HUMAN_ROLES },
  { href: '/runbooks', label: 'Runbooks', roles: HUMAN_ROLES },
  { href: '/evals', label: 'Evals', roles: ['evaluator', 'admin'] },
  { href: '/settings/api-keys', label: 'API keys', roles: ['admin'] },
];

function isCurrent(href: string, path: string): boolean {
  return href === '/' ? path === '/' : path === href || path.startsWith(`${href}/`);
}

export interface LayoutProps {
  title: string;
  path: string;
  principal?: Principal;
  /** A partner's person on the partner's own pages (no tenant entered). */
  partner?: { partnerSlug: string; userName: string; roles: readonly string[] } | undefined;
  scripts?: string[];
  children?: Child;
}

export function Layout({ title, path, principal, partner, scripts = [], children }: LayoutProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · Ops Copilot`}</title>
        <link rel="stylesheet" href={assetUrl('styles.css')} />
        {scripts.map((script) => (
          <script type="module" src={assetUrl(script)}></script>
        ))}
      </head>
      <body>
        <a class="skip-link" href="#main">
          Skip to content
        </a>
        <header class="site-header">
          <div class="bar">
            <a class="brand" href="/">
              Ops Copilot
            </a>
            {principal || partner ? (
              <nav class="site-nav" aria-label="Main">
                <ul>
                  {principal?.partner || partner ? (
                    <li>
                      <a href="/partner" aria-current={path === '/partner' ? 'page' : undefined}>
                        All tenants
                      </a>
                    </li>
                  ) : null}
                  {NAV_ITEMS.filter((item) => principal && hasAnyRole(principal, item.roles)).map((item) => (
                    <li>
                      <a href={item.href} aria-current={isCurrent(item.href, path) ? 'page' : undefined}>
                        {item.label}
                      </a>
                    </li>
                  ))}
                </ul>
              </nav>
            ) : null}
            {principal || partner ? (
              <div class="who">
                <span>
                  <span class="visually-hidden">Signed in as </span>
                  {principal
                    ? `${principal.userName} · ${principal.tenantSlug} · ${principal.roles.join(', ')}`
                    : `${partner!.userName} · partner ${partner!.partnerSlug} · ${partner!.roles.join(', ')}`}
                </span>
                <form method="post" action="/sign-out">
                  <button type="submit">Sign out</button>
                </form>
              </div>
            ) : null}
          </div>
        </header>
        <main id="main" tabindex={-1}>
          {children}
        </main>
      </body>
    </html>
  );
}
