/**
 * The evidence schemas read as layouts: each field of a type's evidence, in the schema's order, with
 * what kind of value it holds (money, an instant, a count, a choice, a list of rows…), so a page can
 * render evidence per type from the contract itself rather than guessing from the JSON.
 */
import type { z } from 'zod';
import type { ExceptionType } from '../exception-types.ts';
import { count, isoTime, money } from './evidence-fields.ts';
import { EVIDENCE_SCHEMAS } from './exception-evidence.ts';

export type EvidenceFieldKind = 'money' | 'time' | 'count' | 'number' | 'text' | 'choice' | 'flag' | 'rows' | 'values' | 'group' | 'map';

export interface EvidenceField {
  name: string;
  kind: EvidenceFieldKind;
  nullable: boolean;
  /** `rows` and `group`: the fields of each row or of the group. */
  fields?: EvidenceField[];
}

export interface EvidenceLayout {
  schema: z.ZodType;
  fields: EvidenceField[];
}

interface Introspectable {
  type: string;
  unwrap?: () => z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  options?: readonly z.ZodType[];
  def?: { innerType?: z.ZodType; in?: z.ZodType };
}
const inspect = (schema: z.ZodType): Introspectable => schema as unknown as Introspectable;

/** The schema under nullable/optional/default wrappers, and whether null is allowed. */
function unwrapped(schema: z.ZodType): { inner: z.ZodType; nullable: boolean } {
  let inner = schema;
  let nullable = false;
  for (let depth = 0; depth < 8; depth++) {
    const node = inspect(inner);
    if (node.type === 'nullable') nullable = true;
    if (node.type === 'nullable' || node.type === 'optional' || node.type === 'default' || node.type === 'readonly') {
      inner = node.def?.innerType ?? node.unwrap!();
    } else break;
  }
  return { inner, nullable };
}

function fieldOf(name: string, schema: z.ZodType): EvidenceField {
  const { inner, nullable } = unwrapped(schema);
  const node = inspect(inner);
  const field = (kind: EvidenceFieldKind, fields?: EvidenceField[]): EvidenceField => ({
    name,
    kind,
    nullable,
    ...(fields ? { fields } : {}),
  });
  // The shared field types are single instances: identity says what a number or a string means.
  if (inner === money) return field('money');
  if (inner === count) return field('count');
  if (inner === isoTime) return field('time');
  switch (node.type) {
    case 'number':
      return field('number');
    case 'boolean':
      return field('flag');
    case 'enum':
    case 'literal':
      return field('choice');
    case 'object':
      return field('group', fieldsOf(inner));
    case 'record':
      return field('map');
    case 'array': {
      const element = unwrapped(node.element!).inner;
      return inspect(element).type === 'object' ? field('rows', fieldsOf(element)) : field('values');
    }
    default:
      return field('text');
  }
}

function fieldsOf(objectSchema: z.ZodType): EvidenceField[] {
  return Object.entries(inspect(objectSchema).shape ?? {}).map(([name, schema]) => fieldOf(name, schema));
}

/** One layout per shape a type's evidence can take (two for shipment_delayed and stock_conflict). */
export function evidenceLayouts(type: ExceptionType): EvidenceLayout[] {
  const schema: z.ZodType = EVIDENCE_SCHEMAS[type];
  const node = inspect(schema);
  const variants = node.type === 'union' ? [...node.options!] : [schema];
  return variants.map((variant) => ({ schema: variant, fields: fieldsOf(variant) }));
}

/** The layout the evidence matches, or undefined when it matches none (a row that broke the contract). */
export function evidenceLayoutFor(type: ExceptionType, evidence: unknown): EvidenceField[] | undefined {
  return evidenceLayouts(type).find((layout) => layout.schema.safeParse(evidence).success)?.fields;
}
