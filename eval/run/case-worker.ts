/**
 * A case worker thread: holds its own copies of the run's templates, model and tool registry, and
 * runs the cases the main thread sends it (each on its own cloned database), posting results back.
 * Cases are CPU-bound WASM Postgres work, so worker threads let `copilot eval` use every core.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { registerExceptionDetection } from '../../core/exceptions/register-exception-detection.ts';
import { createChatModel } from '../../agent/models/create-chat-model.ts';
import { buildDefaultRegistry } from '../../tools/registry.ts';
import { loadSuiteFile, type LoadedSuite } from '../suite/load-suite.ts';
import { runCase } from './run-case.ts';
import { displayPath } from './display-path.ts';
import { deserializeTemplate, FixedTemplates } from './templates.ts';
import type { CaseWorkerData, FromWorker, ToWorker } from './worker-protocol.ts';

const port = parentPort!;
const data = workerData as CaseWorkerData;
registerExceptionDetection();
const context = {
  config: data.config,
  model: createChatModel({ ...data.config, COPILOT_MODEL: data.modelSpec }),
  registry: buildDefaultRegistry(),
  templates: new FixedTemplates(new Map(data.templates.map((template) => [template.key, deserializeTemplate(template)]))),
};
const suites = new Map<string, Promise<LoadedSuite>>();
const post = (message: FromWorker): void => port.postMessage(message);

async function run(message: Extract<ToWorker, { type: 'case' }>): Promise<void> {
  try {
    let loading = suites.get(message.suitePath);
    if (!loading) {
      loading = loadSuiteFile(message.suitePath);
      suites.set(message.suitePath, loading);
    }
    const loaded = await loading;
    if (loaded.kind !== 'agent') throw new Error(`${message.suitePath} is not an agent suite`);
    const evalCase = loaded.suite.cases.find((candidate) => candidate.id === message.caseId);
    if (!evalCase) throw new Error(`case ${message.caseId} is not in ${message.suitePath}`);
    const suite = { name: loaded.suite.name, path: displayPath(loaded.path), dir: loaded.dir, scenarios: loaded.suite.scenarios };
    const { result, transcripts } = await runCase(context, suite, evalCase);
    post({ type: 'result', index: message.index, result, transcripts });
  } catch (error) {
    post({ type: 'failed', index: message.index, error: error instanceof Error ? error.message : String(error) });
  }
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'stop') port.close();
  else if (message.type === 'template') context.templates.add(message.template.key, deserializeTemplate(message.template));
  else void run(message);
});
post({ type: 'ready' });
