/**
 * A case's database: a clone of the run's template with the case's fixture built into it, the
 * tenant the case works in, and the markers of every other tenant's data.
 */
import type { Config } from '../../core/config.ts';
import type { PgliteDatabase } from '../../core/db/pglite.ts';
import type { Tenant } from '../../core/tenants/tenants.ts';
import { findTenant } from '../../core/tenants/tenants.ts';
import { applyTenantPolicy, buildScenario, FixtureError, resolveScenario } from '../fixtures/build-scenario.ts';
import { cloneTemplate, type FixtureTemplate } from '../fixtures/fixture-template.ts';
import { foreignMarkers } from '../fixtures/foreign-markers.ts';
import type { FixtureSpec, Scenario } from '../suite/suite-schema.ts';

export interface TemplateSource {
  /** The template a fixture starts from: the base template, or the seeded one. */
  templateFor(fixture: FixtureSpec): Promise<FixtureTemplate>;
}

export interface CaseFixture {
  db: PgliteDatabase;
  tenant: Tenant;
  foreignMarkers: string[];
}

export async function prepareCaseFixture(
  templates: TemplateSource,
  config: Config,
  fixture: FixtureSpec,
  suite: { dir: string; scenarios: Readonly<Record<string, Scenario>> },
  now: Date,
): Promise<CaseFixture> {
  const template = await templates.templateFor(fixture);
  const db = await cloneTemplate(template);
  try {
    if ('scenario' in fixture) {
      const scenario = resolveScenario(fixture.scenario, suite.scenarios);
      const built = await buildScenario(db, config, scenario, { now, suiteDir: suite.dir });
      return { db, tenant: built.tenant, foreignMarkers: await foreignMarkers(db, built.tenant.id, built.declaredForeignMarkers) };
    }
    const slug = fixture.seed.tenant ?? template.primaryTenant;
    const tenant = slug ? await findTenant(db, slug) : undefined;
    if (!tenant)
      throw new FixtureError(
        `seed fixture: tenant ${slug ?? '(none)'} is not in the seeded data; tenants: ${[...template.tenants.keys()].join(', ')}`,
      );
    await applyTenantPolicy(db, tenant, fixture.seed.policy ?? 'sample', suite.dir);
    return { db, tenant, foreignMarkers: await foreignMarkers(db, tenant.id) };
  } catch (error) {
    await db.close();
    throw error;
  }
}
