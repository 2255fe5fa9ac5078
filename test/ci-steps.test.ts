/**
 * CI's step machinery (.ci/steps.sh, sourced by .ci/run) on made-up steps: a passing step reports its
 * wall and CPU seconds, a failing or hung step fails CI with its exit code, a missing suite is listed
 * as NOT RUN, lanes run side by side and a failure in one fails CI once both have finished.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const STEPS = fileURLToPath(new URL('../.ci/steps.sh', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'ci-steps-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs a CI script made of `body` after the machinery is sourced; returns its exit code and output. */
function runCi(name: string, body: string, env: Record<string, string> = {}): { status: number | null; output: string } {
  const script = join(scratch, `${name}.sh`);
  writeFileSync(script, `set -euo pipefail\nsource '${STEPS}'\n${body}\n`);
  const result = spawnSync('bash', [script], { encoding: 'utf8', env: { ...process.env, TMPDIR: scratch, ...env }, timeout: 60_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** A step that keeps a core busy for about `seconds` of CPU. */
const burn = (seconds: number) =>
  `node -e "const end = process.cpuUsage().user + ${seconds * 1e6}; while (process.cpuUsage().user < end);"`;

function summaryLine(output: string, prefix: string): string {
  const line = output.split('\n').find((candidate) => candidate.trim().startsWith(prefix));
  if (!line) throw new Error(`no summary line starting "${prefix}" in:\n${output}`);
  return line;
}

describe('.ci/steps.sh', () => {
  it('passes, listing each step with its wall and CPU seconds and the run with its total', () => {
    const { status, output } = runCi('passing', [`step "idle" 30 sleep 0.2`, `step "busy" 30 ${burn(0.6)}`].join('\n'));
    expect(status, output).toBe(0);
    expect(output).toContain('CI passed');
    expect(summaryLine(output, 'passed   idle')).toMatch(/^ {2}passed {3}idle \(\d+ s, CPU 0\.[0-2] s\)$/);
    const busy = Number(summaryLine(output, 'passed   busy').match(/CPU (\d+\.\d) s/)![1]);
    expect(busy).toBeGreaterThanOrEqual(0.6);
    const total = Number(output.match(/CI summary \(\d+ s, CPU (\d+\.\d) s\)/)![1]);
    expect(total).toBeGreaterThanOrEqual(busy);
  });

  it('fails at the first failing step with its exit code, and runs nothing after it', () => {
    const { status, output } = runCi(
      'failing',
      [`step "first" 30 true`, `step "breaks" 30 bash -c 'exit 3'`, `step "never" 30 true`].join('\n'),
    );
    expect(status).toBe(3);
    expect(output).toMatch(/FAILED {3}breaks \(exit 3; \d+ s, CPU \d+\.\d s\)/);
    expect(output).not.toContain('never (');
    expect(output).toContain('CI FAILED');
  });

  it('stops a step at its time limit and fails CI', () => {
    const { status, output } = runCi('hung', `step "hangs" 1 sleep 20`);
    expect(status).toBe(124);
    expect(output).toContain('hangs timed out after 1 s');
    // The summary gives the seconds and CPU the step used before it was stopped.
    expect(output).toMatch(/FAILED {3}hangs \(exit 124; [1-9]\d* s, CPU \d+\.\d s\)/);
  });

  it('lists a suite that is not present as NOT RUN without failing', () => {
    const { status, output } = runCi('absent', `not_present "browser suite" "no config yet"\nstep "after" 30 true`);
    expect(status, output).toBe(0);
    expect(output).toContain('!!!!!!!!!! NOT RUN: browser suite — no config yet !!!!!!!!!!');
    expect(summaryLine(output, 'NOT RUN')).toContain('NOT RUN  browser suite (no config yet)');
  });

  it('runs lanes side by side, prints each lane whole, and counts their CPU', () => {
    const body = [
      `one() { step "one: busy" 30 ${burn(0.5)}; step "one: then" 30 echo one-done; }`,
      `two() { step "two: sleeps" 30 sleep 1; }`,
      `start_lane "lane one" one`,
      `start_lane "lane two" two`,
      'join_lanes',
    ].join('\n');
    const { status, output } = runCi('lanes', body);
    expect(status, output).toBe(0);
    expect(output.indexOf('---------- lane: lane one (exit 0)')).toBeLessThan(output.indexOf('one-done'));
    expect(output.indexOf('one-done')).toBeLessThan(output.indexOf('---------- lane: lane two (exit 0)'));
    expect(summaryLine(output, 'passed   one: busy')).toMatch(/CPU (0\.[5-9]|[1-9]\d*\.\d) s/);
    expect(summaryLine(output, 'passed   two: sleeps')).toMatch(/CPU 0\.[0-2] s/);
    const lanes = summaryLine(output, '(lanes');
    expect(lanes).toMatch(/^ {2}\(lanes {3}lane one \| lane two: side by side, \d+ s in all, CPU \d+\.\d s\)$/);
    expect(Number(lanes.match(/CPU (\d+\.\d) s/)![1])).toBeGreaterThanOrEqual(0.5);
  });

  it('fails CI when a step in one lane fails, after the other lane has finished', () => {
    const body = [
      `one() { step "one: breaks" 30 bash -c 'exit 5'; step "one: never" 30 true; }`,
      `two() { step "two: finishes" 30 sleep 1; }`,
      `start_lane "lane one" one`,
      `start_lane "lane two" two`,
      'join_lanes',
      `step "after the lanes" 30 true`,
    ].join('\n');
    const { status, output } = runCi('lane-failure', body);
    expect(status).toBe(5);
    expect(output).toContain('FAILED   one: breaks (exit 5;');
    expect(output).toContain('passed   two: finishes');
    expect(output).not.toContain('one: never (');
    expect(output).not.toContain('after the lanes (');
    expect(output).toContain('CI FAILED');
  });

  it('refuses a step once the run has used its budget', () => {
    // The run's clock is set back as if 61 s had passed, so the budget is used up between the two steps.
    const body = `step "in time" 30 true\nCI_STARTED=$((SECONDS - 61))\nstep "too late" 30 true`;
    const { status, output } = runCi('budget', body, { CI_BUDGET_SECONDS: '60' });
    expect(status).toBe(1);
    expect(output).toContain('passed   in time');
    expect(output).toContain('CI budget of 60 s used up before: too late');
    expect(output).toContain('FAILED   too late (exit 1;');
  });
});
