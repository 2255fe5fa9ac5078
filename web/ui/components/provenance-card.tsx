/**
 * Where an agent's proposal came from, for the approver: whether its arguments or its trigger came
 * from untrusted text (an order note, an address, ERP text, a tenant document), and each argument's
 * origin. The gate records it with the proposal's evidence as flat facts (policies/proposals/propose-write.ts).
 */
import type { ToolFacts } from '../../../tools/tool.ts';

const TRIGGER_TEXT: Record<string, string> = {
  person: "the signed-in person's own words",
  runbook: "the governing runbook's remediations",
  untrusted: 'untrusted text',
  model: 'the model alone',
};

export interface ProvenanceView {
  untrusted: boolean;
  trigger: string;
  reason: string;
  arguments: Array<{ path: string; origin: string }>;
}

/** Whether an evidence fact is part of the provenance (shown in its own card, not among the tool's facts). */
export const isProvenanceFact = (name: string): boolean => name === 'provenance' || name.startsWith('provenance');

export function provenanceView(evidence: ToolFacts): ProvenanceView | undefined {
  const status = evidence.provenance;
  if (status !== 'trusted' && status !== 'untrusted') return undefined;
  return {
    untrusted: status === 'untrusted',
    trigger: String(evidence.provenanceTrigger ?? 'model'),
    reason: String(evidence.provenanceReason ?? ''),
    arguments: Object.entries(evidence)
      .filter(([name]) => name.startsWith('provenance.'))
      .map(([name, origin]) => ({ path: name.slice('provenance.'.length), origin: String(origin) })),
  };
}

function originText(origin: string): string {
  if (origin === 'trusted') return "from the person's words or the systems' structured records";
  if (origin === 'model') return 'chosen or computed by the model (found in no input)';
  if (origin.startsWith('unchanged: ')) return `unchanged from ${origin.slice('unchanged: '.length)}`;
  if (origin.startsWith('untrusted: ')) return `copied from untrusted ${origin.slice('untrusted: '.length)}`;
  return origin;
}

export function ProvenanceCard({ view }: { view: ProvenanceView }) {
  return (
    <section class="card" aria-labelledby="provenance-heading" data-provenance={view.untrusted ? 'untrusted' : 'trusted'}>
      <h2 id="provenance-heading">
        Where this came from{' '}
        <span class={`badge ${view.untrusted ? 'danger' : 'ok'}`}>{view.untrusted ? 'untrusted source' : 'trusted input'}</span>
      </h2>
      <p>
        Asked for by {TRIGGER_TEXT[view.trigger] ?? view.trigger}.{view.untrusted ? ` This call ${view.reason}.` : ''}
      </p>
      {view.arguments.length ? (
        <dl class="facts" aria-label="Origin of each argument">
          {view.arguments.map((argument) => (
            <>
              <dt>
                <code>{argument.path}</code>
              </dt>
              <dd data-origin={argument.origin.split(':')[0]}>{originText(argument.origin)}</dd>
            </>
          ))}
        </dl>
      ) : null}
    </section>
  );
}
