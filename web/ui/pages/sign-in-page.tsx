/**
 * The sign-in page: single sign-on through the organisation's identity provider when configured, and
 * the API-key form (local use, the demo): the key is exchanged for a session and an httpOnly cookie.
 */
import { Layout } from '../layout.tsx';

export interface SignInPageProps {
  next: string;
  error?: string;
  /** The single sign-on button, when COPILOT_OIDC_ISSUER is set. */
  sso?: { label: string; href: string } | undefined;
  /** Shown after a sign-out. */
  notice?: string;
}

export function SignInPage({ next, error, sso, notice }: SignInPageProps) {
  return (
    <Layout title="Sign in" path="/sign-in">
      <div class="card sign-in">
        <h1>Sign in</h1>
        <p class="muted">
          Use an API key issued to you (<code>copilot keys create --tenant T --role R</code>). The key is exchanged for a session and is not
          kept in the browser.
        </p>
        {error ? (
          <p class="notice error" role="alert" id="sign-in-error">
            {error}
          </p>
        ) : null}
        {notice ? (
          <p class="notice" role="status">
            {notice}
          </p>
        ) : null}
        {sso ? (
          <p>
            <a class="button" id="sign-in-sso" href={`${sso.href}?next=${encodeURIComponent(next)}`}>
              {sso.label}
            </a>
          </p>
        ) : null}
        <form method="post" action="/sign-in">
          <input type="hidden" name="next" value={next} />
          <div class="field">
            <label for="api-key">API key</label>
            <input
              id="api-key"
              name="apiKey"
              type="password"
              autocomplete="off"
              spellcheck={false}
              required
              aria-describedby={error ? 'sign-in-error' : undefined}
              aria-invalid={error ? 'true' : undefined}
            />
          </div>
          <button type="submit">Sign in</button>
        </form>
      </div>
    </Layout>
  );
}
