/** Messages between `copilot eval` and its case worker threads. */
import type { Config } from '../../core/config.ts';
import type { RunTranscript } from '../../agent/transcripts/transcript-schema.ts';
import type { CaseResult } from '../report/report-schema.ts';
import type { SerializedTemplate } from './templates.ts';

export interface CaseWorkerData {
  config: Config;
  modelSpec: string;
  templates: SerializedTemplate[];
  /** Cases this worker runs at the same time. */
  inFlight: number;
}

export type ToWorker =
  | { type: 'case'; index: number; suitePath: string; caseId: string }
  | { type: 'template'; template: SerializedTemplate }
  | { type: 'stop' };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'result'; index: number; result: CaseResult; transcripts: Array<{ turn: number; transcript: RunTranscript }> }
  | { type: 'failed'; index: number; error: string };
