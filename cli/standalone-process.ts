/**
 * Whether the running command is this process's whole life (`copilot …` through bin/copilot.mjs) or
 * one call inside a longer-lived process (tests run commands through main() in their own process).
 * A brief command may change process-wide settings (core/db/baseline-wasm-compiler.ts) only in the
 * first case.
 */
let standalone = false;

/** Called once by main() when bin/copilot.mjs runs it. */
export function markStandalone(): void {
  standalone = true;
}

export function isStandalone(): boolean {
  return standalone;
}
