/** The sign-in form: paste an API key; the server opens a session and sets an httpOnly cookie. */
import { Layout } from '../layout.tsx';

export function SignInPage({ next, error }: { next: string; error?: string }) {
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
