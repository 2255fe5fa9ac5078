/**
 * An exception's evidence, laid out from its type's schema (core/exceptions/evidence): the fields in
 * the contract's order with their meaning — money to the cent, instants as dates, choices in words,
 * lists of rows as tables. Evidence that matches no layout (a row from before a contract change) is
 * shown as stored, with a note, rather than hidden.
 */
import type { EvidenceField, ExceptionType } from '../../../core/exceptions/index.ts';
import { evidenceLayoutFor } from '../../../core/exceptions/index.ts';
import { formatDateTime } from '../format.ts';

/** "netCaptured" → "Net captured", "hoursToShipBy" → "Hours to ship by". */
export function evidenceLabel(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replaceAll('_', ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function Value({ field, value }: { field: EvidenceField; value: unknown }) {
  if (value === null || value === undefined) return <span class="muted">—</span>;
  switch (field.kind) {
    case 'money':
      return <span class="num">{typeof value === 'number' ? value.toFixed(2) : String(value)}</span>;
    case 'time':
      return (
        <time datetime={String(value)}>{Number.isNaN(Date.parse(String(value))) ? String(value) : formatDateTime(String(value))}</time>
      );
    case 'count':
    case 'number':
      return <span class="num">{String(value)}</span>;
    case 'choice':
      return <>{String(value).replaceAll('_', ' ')}</>;
    case 'flag':
      return <>{value ? 'yes' : 'no'}</>;
    case 'values':
      return <>{Array.isArray(value) ? value.map((item) => String(item).replaceAll('_', ' ')).join(', ') || '—' : String(value)}</>;
    case 'group':
      return <Fields fields={field.fields ?? []} evidence={value as Record<string, unknown>} />;
    case 'rows':
      return <Rows fields={field.fields ?? []} rows={Array.isArray(value) ? (value as Record<string, unknown>[]) : []} />;
    case 'map':
      return (
        <>
          {Object.entries(value as Record<string, unknown>)
            .map(([key, item]) => `${key}: ${String(item)}`)
            .join(', ') || '—'}
        </>
      );
    default:
      return <>{String(value)}</>;
  }
}

function Rows({ fields, rows }: { fields: EvidenceField[]; rows: Record<string, unknown>[] }) {
  if (rows.length === 0) return <span class="muted">none</span>;
  return (
    <table class="evidence-rows">
      <thead>
        <tr>
          {fields.map((field) => (
            <th scope="col">{evidenceLabel(field.name)}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr>
            {fields.map((field) => (
              <td>
                <Value field={field} value={row[field.name]} />
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Fields({ fields, evidence }: { fields: EvidenceField[]; evidence: Record<string, unknown> }) {
  return (
    <dl class="facts">
      {fields.map((field) => (
        <>
          <dt data-field={field.name}>{evidenceLabel(field.name)}</dt>
          <dd>
            <Value field={field} value={evidence[field.name]} />
          </dd>
        </>
      ))}
    </dl>
  );
}

export function EvidenceList({ type, evidence }: { type: ExceptionType; evidence: Record<string, unknown> }) {
  const fields = evidenceLayoutFor(type, evidence);
  if (fields) return <Fields fields={fields} evidence={evidence} />;
  return (
    <>
      <p class="muted">This evidence does not match the {type.replaceAll('_', ' ')} schema; shown as stored.</p>
      <pre>
        <code>{JSON.stringify(evidence, null, 2)}</code>
      </pre>
    </>
  );
}
