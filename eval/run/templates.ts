/**
 * The run's templates, each built at most once and only when a case needs it: the base template
 * (migrations, corpus tenants, bundled corpus) and the seeded template derived from it.
 */
import type { Config } from '../../core/config.ts';
import { buildBaseTemplate, type FixtureTemplate, type TemplateProgress } from '../fixtures/fixture-template.ts';
import { buildSeedTemplate } from '../fixtures/seed-fixture.ts';
import type { FixtureSpec } from '../suite/suite-schema.ts';
import type { TemplateSource } from './case-fixture.ts';

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
    const key = fixture.seed.size;
    let seeded = this.#seeded.get(key);
    if (!seeded) {
      seeded = this.base().then((base) => buildSeedTemplate(base, fixture.seed, this.#onProgress));
      this.#seeded.set(key, seeded);
    }
    return seeded;
  }
}
