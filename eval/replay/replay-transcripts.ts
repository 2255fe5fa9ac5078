/**
 * `copilot eval replay <transcripts.jsonl>`: takes stored runs as the reference, re-runs their inputs
 * with the current build and reports drift. Where the state comes from:
 *  - runs recorded by `copilot eval` (they name their suite and case): the case's fixture, rebuilt;
 *  - runs exported from a deployment (`copilot runs export --jsonl`): an in-memory copy of that
 *    database, so a replay never changes real data.
 * Which model answers: runs recorded with an OpenAI-compatible model replay their recorded responses
 * (a cassette: offline, deterministic); offline runs re-run the offline planner; `--model` overrides
 * both (a model spec to re-run live, or `cassette` to replay recordings of offline runs too).
 */
import type { Config } from '../../core/config.ts';
import type { Database } from '../../core/db/database.ts';
import { migrateAll } from '../../core/db/open.ts';
import { openMemoryPglite } from '../../core/db/pglite.ts';
import { withTenant } from '../../core/db/tenant-scope.ts';
import { getException, setExceptionStatus, unparkException, type OperationalException } from '../../core/exceptions/index.ts';
import { roleSchema, type Principal } from '../../core/identity/roles.ts';
import { findTenant, type Tenant } from '../../core/tenants/tenants.ts';
import { createChatModel } from '../../agent/models/create-chat-model.ts';
import type { ModelHandle } from '../../agent/models/model-handle.ts';
import { chatSystemPrompt } from '../../agent/prompts/system-prompts.ts';
import { runAgent } from '../../agent/run/run-agent.ts';
import { createGatedToolbox } from '../../agent/toolbox/gated-toolbox.ts';
import { getRun } from '../../agent/transcripts/runs.ts';
import type { RunTranscript } from '../../agent/transcripts/transcript-schema.ts';
import { buildDefaultRegistry, type ToolRegistry } from '../../tools/registry.ts';
import { registerExceptionDetection } from '../../core/exceptions/register-exception-detection.ts';
import { FixtureError } from '../fixtures/build-scenario.ts';
import { selectException } from '../fixtures/select-exception.ts';
import { prepareCaseFixture } from '../run/case-fixture.ts';
import { observationFromTranscript } from '../run/observation.ts';
import { mapPool } from '../run/run-eval.ts';
import { chatPrincipal, triageOne } from '../run/run-case.ts';
import { RunTemplates } from '../run/templates.ts';
import { loadSuiteFile, type LoadedSuite } from '../suite/load-suite.ts';
import { isChatCase, type EvalCase } from '../suite/suite-schema.ts';
import { CassetteChatModel, cassetteFromTranscript } from './cassette-chat-model.ts';
import { computeDrift, hasDrift, type Drift } from './drift.ts';
import type { StoredTranscript } from './transcripts-file.ts';

export interface ReplayOptions {
  config: Config;
  /** A model spec to re-run every transcript with, or `cassette` to replay every recording. */
  model?: string;
  concurrency?: number;
  registry?: ToolRegistry;
  /** The deployment's database as a dumped data directory, for transcripts without an eval annotation. */
  loadDataDump?: () => Promise<Blob>;
  /** Templates shared with other runs or replays in this process (built once, never changed); default: this replay's own. */
  templates?: RunTemplates;
  onProgress?: (item: ReplayItem, done: number, total: number) => void;
}

export interface ReplayItem {
  line: number;
  runId: string;
  kind: 'triage' | 'chat';
  recordedModel: string;
  /** cassette: recorded responses; otherwise the model spec that re-ran it. */
  replayedWith: string;
  source: 'fixture' | 'database';
  case?: string;
  replayRunId?: string;
  drifted: boolean;
  drift: Drift | null;
  warnings: string[];
  error?: string;
}

export interface ReplayReport {
  transcripts: number;
  replayed: number;
  drifted: number;
  errors: number;
  items: ReplayItem[];
}

interface ReplayState {
  db: Database;
  tenant: Tenant;
  evalCase?: EvalCase;
}

class SuiteCache {
  readonly #suites = new Map<string, Promise<LoadedSuite>>();
  load(path: string): Promise<LoadedSuite> {
    let suite = this.#suites.get(path);
    if (!suite) {
      suite = loadSuiteFile(path);
      this.#suites.set(path, suite);
    }
    return suite;
  }
}

function modelFor(stored: StoredTranscript, options: ReplayOptions): { handle: ModelHandle; cassette?: CassetteChatModel; label: string } {
  const recorded = stored.transcript.model;
  const useCassette = options.model === 'cassette' || (options.model === undefined && recorded !== 'offline');
  if (useCassette) {
    const cassette = new CassetteChatModel(cassetteFromTranscript(stored.transcript));
    return { handle: { id: recorded, model: cassette }, cassette, label: 'cassette' };
  }
  const spec = options.model ?? recorded;
  return { handle: createChatModel({ ...options.config, COPILOT_MODEL: spec }), label: spec };
}

/** The chatting user as the recorded system prompt names them (the transcript keeps the user id only). */
function recordedPrincipal(transcript: RunTranscript, tenant: Tenant): Principal {
  const system = transcript.messages.find((message) => message.role === 'system')?.content ?? '';
  const match = /^User: (.+) \(roles: ([a-z, ]+)\)$/m.exec(system);
  const roles = (match?.[2] ?? 'rep')
    .split(',')
    .map((role) => role.trim())
    .filter((role) => roleSchema.safeParse(role).success) as Principal['roles'];
  if (!transcript.userId) throw new FixtureError(`run ${transcript.id} records no user to replay the chat as`);
  return {
    tenantId: tenant.id,
    tenantSlug: tenant.slug,
    userId: transcript.userId,
    userName: match?.[1] ?? 'replay-user',
    roles: roles.length ? roles : ['rep'],
  };
}

async function fixtureState(stored: StoredTranscript, templates: RunTemplates, suites: SuiteCache, config: Config): Promise<ReplayState> {
  const annotation = stored.eval!;
  const loaded = await suites.load(annotation.suite);
  if (loaded.kind !== 'agent') throw new FixtureError(`${annotation.suite} is not an agent suite`);
  const evalCase = loaded.suite.cases.find((candidate) => candidate.id === annotation.case);
  if (!evalCase) throw new FixtureError(`case ${annotation.case} is no longer in ${annotation.suite}`);
  const fixture = await prepareCaseFixture(
    templates,
    config,
    evalCase.fixture,
    { dir: loaded.dir, scenarios: loaded.suite.scenarios },
    new Date(),
  );
  return { db: fixture.db, tenant: fixture.tenant, evalCase };
}

async function databaseState(stored: StoredTranscript, dump: Blob): Promise<ReplayState> {
  const db = await openMemoryPglite(dump);
  // The copy gets this build's schema; the deployment's own database is never migrated by a replay.
  await migrateAll(db);
  const tenant = await findTenant(db, stored.transcript.tenantId);
  if (!tenant) {
    await db.close();
    throw new FixtureError(`tenant ${stored.transcript.tenantId} of run ${stored.transcript.id} is not in this database`);
  }
  return { db, tenant };
}

/** The recorded exception, made claimable again on the copy (reopened, unparked). */
async function reopenForReplay(db: Database, tenantId: string, exceptionId: string): Promise<Pick<OperationalException, 'id' | 'type'>> {
  return withTenant(db, tenantId, async (tx) => {
    const exception = await getException(tx, exceptionId);
    if (exception.triage.parked) await unparkException(tx, exceptionId, 'eval-replay');
    if (exception.status !== 'open')
      await setExceptionStatus(tx, exceptionId, 'open', { actor: 'eval-replay', note: 'reopened on a copy to replay a triage run' });
    return { id: exception.id, type: exception.type };
  });
}

async function replayOne(
  stored: StoredTranscript,
  state: ReplayState,
  registry: ToolRegistry,
  model: ModelHandle,
  cassette: CassetteChatModel | undefined,
): Promise<string> {
  const { transcript } = stored;
  const { db, tenant, evalCase } = state;
  if (transcript.kind === 'triage') {
    if (evalCase && !isChatCase(evalCase)) {
      const exception = await selectException(db, tenant.id, evalCase.input.exception, new Date());
      // The rebuilt fixture raised the same exception under a new id; recorded calls must name the new one.
      if (transcript.exceptionId) cassette?.mapId(transcript.exceptionId, exception.id);
      return triageOne({ model, registry }, db, tenant, exception, evalCase.limits);
    }
    if (!transcript.exceptionId) throw new FixtureError(`triage run ${transcript.id} names no exception`);
    const exception = await reopenForReplay(db, tenant.id, transcript.exceptionId);
    return triageOne({ model, registry }, db, tenant, exception);
  }
  const principal = evalCase && isChatCase(evalCase) ? await chatPrincipal(db, tenant, evalCase) : recordedPrincipal(transcript, tenant);
  const result = await runAgent({
    db,
    toolbox: createGatedToolbox(db, registry, principal),
    model,
    principal,
    kind: 'chat',
    systemPrompt: chatSystemPrompt({ principal }),
    input: { message: transcript.input.message, history: transcript.input.history },
    ...(evalCase?.limits ? { limits: evalCase.limits } : {}),
  });
  return result.runId;
}

export async function replayTranscripts(transcripts: readonly StoredTranscript[], options: ReplayOptions): Promise<ReplayReport> {
  registerExceptionDetection();
  const registry = options.registry ?? buildDefaultRegistry();
  const templates = options.templates ?? new RunTemplates(options.config);
  const suites = new SuiteCache();
  let dump: Promise<Blob> | undefined;
  let done = 0;
  const items = await mapPool(transcripts, options.concurrency ?? 2, async (stored): Promise<ReplayItem> => {
    const { transcript } = stored;
    const { handle, cassette, label } = modelFor(stored, options);
    const base = {
      line: stored.line,
      runId: transcript.id,
      kind: transcript.kind,
      recordedModel: transcript.model,
      replayedWith: label,
      source: stored.eval ? ('fixture' as const) : ('database' as const),
      ...(stored.eval
        ? { case: `${stored.eval.suite}#${stored.eval.case}${stored.eval.turn > 1 ? ` turn ${stored.eval.turn}` : ''}` }
        : {}),
    };
    let state: ReplayState | undefined;
    let item: ReplayItem;
    try {
      if (stored.eval) state = await fixtureState(stored, templates, suites, options.config);
      else {
        if (!options.loadDataDump)
          throw new FixtureError(
            'this run was not recorded by `copilot eval`; replaying it needs its database (the embedded one, copied in memory)',
          );
        dump ??= options.loadDataDump();
        state = await databaseState(stored, await dump);
      }
      const replayRunId = await replayOne(stored, state, registry, handle, cassette);
      const replayed = observationFromTranscript(await getRun(state.db, state.tenant.id, replayRunId));
      const drift = computeDrift(observationFromTranscript(transcript), replayed);
      const warnings: string[] = [];
      if (cassette && cassette.served < cassette.responses.length) {
        warnings.push(`the replay used ${cassette.served} of ${cassette.responses.length} recorded model responses`);
      }
      if (stored.eval && stored.eval.turn > 1)
        warnings.push('replayed alone, with the recorded history; state changes of earlier turns are not repeated');
      item = { ...base, replayRunId, drifted: hasDrift(drift), drift, warnings };
    } catch (error) {
      item = { ...base, drifted: false, drift: null, warnings: [], error: error instanceof Error ? error.message : String(error) };
    } finally {
      await state?.db.close();
    }
    done += 1;
    options.onProgress?.(item, done, transcripts.length);
    return item;
  });
  return {
    transcripts: transcripts.length,
    replayed: items.filter((item) => !item.error).length,
    drifted: items.filter((item) => item.drifted).length,
    errors: items.filter((item) => item.error).length,
    items,
  };
}
