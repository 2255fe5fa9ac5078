/**
 * Text a tool composes itself from structured data ("safety stock held back (configured 0)"), as
 * opposed to text others wrote (notes, addresses, messages). Tools mark such fields in their output
 * schema with `systemText(...)`, and the provenance check (agent/middleware/run-provenance.ts) reads them
 * as the system's own words rather than as untrusted text that might ask for an action. A separate zod
 * registry, so the mark never reaches the JSON Schemas clients see.
 */
import { z } from 'zod';

const systemComposed = z.registry<{ composedBy: 'system' }>();

/** Marks a string field as composed by the tool from structured data. */
export function systemText<T extends z.ZodType>(schema: T): T {
  systemComposed.add(schema, { composedBy: 'system' });
  return schema;
}

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
  options?: readonly z.ZodType[];
  in?: z.ZodType;
  out?: z.ZodType;
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/**
 * The paths of system-composed text in an output schema, dotted, with `*` for an array index
 * (`derivation.*.detail`). Follows objects, arrays, optional/nullable/default wrappers, unions and pipes.
 */
export function systemTextPaths(schema: z.ZodType, prefix = '', depth = 0, out: string[] = []): string[] {
  if (depth > 12) return out;
  if (systemComposed.has(schema)) {
    out.push(prefix);
    return out;
  }
  const def = defOf(schema);
  const next = (child: z.ZodType | undefined, path: string): void => {
    if (child) systemTextPaths(child, path, depth + 1, out);
  };
  if (def.type === 'object') for (const [key, child] of Object.entries(def.shape ?? {})) next(child, prefix ? `${prefix}.${key}` : key);
  else if (def.type === 'array') next(def.element, prefix ? `${prefix}.*` : '*');
  else if (def.type === 'union') for (const option of def.options ?? []) next(option, prefix);
  else if (def.type === 'pipe') next(def.out?._zod ? def.out : def.in, prefix);
  else next(def.innerType, prefix);
  return [...new Set(out)];
}
