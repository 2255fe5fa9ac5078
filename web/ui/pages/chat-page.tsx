/** Copilot chat: the answer streams in (POST /v1/chat, SSE) with tool steps, citations and proposals. */
import type { Principal } from '../../../core/identity/roles.ts';
import { Layout } from '../layout.tsx';

export function ChatPage({ principal, initialMessage }: { principal: Principal; initialMessage?: string }) {
  return (
    <Layout title="Copilot" path="/chat" principal={principal} scripts={['chat.js']}>
      <h1>Copilot</h1>
      <p class="muted">
        Ask about an order, a SKU’s stock or an exception. Answers cite the runbooks and tool results they rest on; actions it proposes go
        to the approvals inbox.
      </p>
      <section class="chat" aria-label="Conversation">
        <div id="chat-log" class="chat-log"></div>
        <p id="chat-status" class="visually-hidden" role="status" aria-live="polite"></p>
        <form id="chat-form" class="chat-form" data-endpoint="/v1/chat">
          <div class="field">
            <label for="chat-message">Message</label>
            <textarea id="chat-message" name="message" required maxlength={4000} placeholder="Why is order 10482 stuck?">
              {initialMessage ?? ''}
            </textarea>
          </div>
          <button type="submit">Send</button>
        </form>
      </section>
    </Layout>
  );
}
