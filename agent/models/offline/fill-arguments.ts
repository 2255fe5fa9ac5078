/**
 * Fills a tool's arguments from what the offline model knows, guided only by the tool's JSON Schema
 * (property names, types, required). The gate validates the result like any other model output.
 */

export interface ArgumentSources {
  order?: string;
  orderLine?: string;
  sku?: string;
  exception?: string;
  exceptionType?: string;
  shipment?: string;
  return?: string;
  customer?: string;
  location?: string;
  amount?: number;
  quantity?: number;
  query?: string;
  reason?: string;
  /** Values by exact property name; they win over every heuristic. */
  explicit?: Record<string, unknown>;
}

export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  default?: unknown;
  anyOf?: JsonSchema[];
  description?: string;
};

type Source = keyof Omit<ArgumentSources, 'explicit'>;

// Property-name patterns, most specific first. The first pattern that matches decides the source.
const NAME_TO_SOURCE: Array<[RegExp, Source]> = [
  [/^(order_?)?line(_?(id|number|no|ref))?$|orderLineId|line_?id/i, 'orderLine'],
  [/^(order(_?(id|number|no|ref))?|orderNumber|orderId|orderRef)$/i, 'order'],
  [/sku/i, 'sku'],
  [/^(exception(_?(id|ref))?|exceptionId)$/i, 'exception'],
  [/applies_?to|exception_?types?/i, 'exceptionType'],
  [/shipment|tracking/i, 'shipment'],
  [/^(return(_?(id|number|ref))?|returnId|rma(_?(id|number))?)$/i, 'return'],
  [/^(customer(_?(id|number|ref))?|customerId)$/i, 'customer'],
  [/^(to_?location|target_?location|location(_?(id|code))?|locationCode|toLocationId|warehouse|node)$/i, 'location'],
  [/amount|refund_?total/i, 'amount'],
  [/^(qty|quantity|units)$/i, 'quantity'],
  [/^(query|q|text|question|search|search_?text)$/i, 'query'],
  [/^(reason|note|notes|comment|rationale|reason_?text)$/i, 'reason'],
];

function typesOf(schema: JsonSchema): string[] {
  if (Array.isArray(schema.type)) return schema.type;
  if (schema.type) return [schema.type];
  return (schema.anyOf ?? []).flatMap(typesOf);
}

function coerce(value: unknown, schema: JsonSchema): unknown {
  const types = typesOf(schema);
  if (schema.enum && !schema.enum.includes(value)) return undefined;
  if (types.includes('array')) return Array.isArray(value) ? value : [value];
  if ((types.includes('number') || types.includes('integer')) && typeof value === 'string') {
    const numeric = Number(value.replace(/^[A-Z]+-/i, ''));
    return Number.isFinite(numeric) ? numeric : undefined;
  }
  if (types.includes('string') && typeof value === 'number') return String(value);
  return value;
}

function sourceFor(name: string): Source | undefined {
  return NAME_TO_SOURCE.find(([pattern]) => pattern.test(name))?.[1];
}

export type FilledArguments = { ok: true; args: Record<string, unknown> } | { ok: false; missing: string[] };

/** Fills an object schema; nested objects (e.g. `filters`) are filled when something fits them. */
export function fillArguments(schema: JsonSchema, sources: ArgumentSources): FilledArguments {
  const args: Record<string, unknown> = {};
  const missing: string[] = [];
  const required = new Set(schema.required ?? []);
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    let value: unknown;
    if (sources.explicit && name in sources.explicit) value = sources.explicit[name];
    else if (typesOf(property).includes('object') && property.properties) {
      const nested = fillArguments(property, { ...sources, explicit: undefined });
      if (nested.ok && Object.keys(nested.args).length) value = nested.args;
    } else {
      const source = sourceFor(name);
      if (source) value = sources[source];
    }
    if (value !== undefined) value = coerce(value, property);
    if (value === undefined && required.has(name) && property.default !== undefined) value = property.default;
    if (value !== undefined) args[name] = value;
    else if (required.has(name)) missing.push(name);
  }
  return missing.length ? { ok: false, missing } : { ok: true, args };
}
