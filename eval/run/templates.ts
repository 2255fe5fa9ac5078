/**
 * The run's templates, each built at most once and only when a case needs it: the base template
 * (migrations, corpus tenants, bundled corpus) and the seeded template derived from it.
 */
import type { Config } from '../../core/config.ts';
import { dumpOfBytes } from '../../core/db/memory-clone.ts';
import { buildBaseTemplate, type FixtureTemplate, type TemplateProgress } from '../fixtures/fixture-template.ts';
import { buildSeedTemplate } from '../fixtures/seed-fixture.ts';
import type { FixtureSpec } from '../suite/suite-schema.ts';
import type { TemplateSource } from './case-fixture.ts';

/** Which template a fixture starts from: `base`, or `seed:<size>`. */
export function templateKey(fixture: FixtureSpec): string {
  return 'scenario' in fixture ? 'base' : `seed:${fixture.seed.size}`;
}

/** A template as it travels to a worker thread (structured-clone friendly). */
export interface SerializedTemplate {
  key: string;
  dump: ArrayBuffer;
  tenants: Array<{ id: string; slug: string; name: string }>;
  primaryTenant?: string;
  buildMs: number;
}

export async function serializeTemplate(key: string, template: FixtureTemplate): Promise<SerializedTemplate> {
  return {
    key,
    dump: await template.dump.arrayBuffer(),
    tenants: [...template.tenants.values()],
    ...(template.primaryTenant ? { primaryTenant: template.primaryTenant } : {}),
    buildMs: template.buildMs,
  };
}

export function deserializeTemplate(serialized: SerializedTemplate): FixtureTemplate {
  return {
    dump: dumpOfBytes(serialized.dump),
    tenants: new Map(serialized.tenants.map((tenant) => [tenant.slug, tenant])),
    ...(serialized.primaryTenant ? { primaryTenant: serialized.primaryTenant } : {}),
    buildMs: serialized.buildMs,
  };
}

/** Templates handed over ready-made (in a worker thread): a fixture whose template is missing is an error. */
export class FixedTemplates implements TemplateSource {
  readonly #templates: Map<string, FixtureTemplate>;
  constructor(templates: ReadonlyMap<string, FixtureTemplate>) {
    this.#templates = new Map(templates);
  }
  add(key: string, template: FixtureTemplate): void {
    this.#templates.set(key, template);
  }
  async templateFor(fixture: FixtureSpec): Promise<FixtureTemplate> {
    const template = this.#templates.get(templateKey(fixture));
    if (!template) throw new Error(`no ${templateKey(fixture)} template was prepared for this worker`);
    return template;
  }
}

export class RunTemplates implements TemplateSource {
  readonly #config: Config;
  readonly #onProgress: TemplateProgress;
  #base: Promise<FixtureTemplate> | undefined;
  readonly #seeded = new Map<string, Promise<FixtureTemplate>>();

  constructor(config: Config, onProgress: TemplateProgress = () => {}) {
    this.#config = config;
    this.#onProgress = onProgress;
  }

  base(): Promise<FixtureTemplate> {
    this.#base ??= buildBaseTemplate(this.#config, this.#onProgress);
    return this.#base;
  }

  templateFor(fixture: FixtureSpec): Promise<FixtureTemplate> {
    if ('scenario' in fixture) return this.base();
    const key = templateKey(fixture);
    let seeded = this.#seeded.get(key);
    if (!seeded) {
      const spec = fixture.seed;
      seeded = this.base().then((base) => buildSeedTemplate(base, spec, this.#config, this.#onProgress));
      this.#seeded.set(key, seeded);
    }
    return seeded;
  }
}
