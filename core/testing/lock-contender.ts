/**
 * A separate process contending for a data-directory lock, driven over stdin by
 * core/db/data-dir-lock.test.ts: `go <dir> <epoch ms>` (wait until then, acquire), `release`, `crash`.
 * It answers one line per command on stdout: `held <path>`, `locked`, `error <message>`, `released`.
 */
import { createInterface } from 'node:readline';
import { acquireDataDirLock, type DataDirLock } from '../db/data-dir-lock.ts';

let lock: DataDirLock | undefined;
const lines = createInterface({ input: process.stdin });

lines.on('line', (line) => {
  const [command, dir, at] = line.split(' ');
  if (command === 'go') {
    // Busy-wait to the shared instant, so every contender calls acquire within the same millisecond or so.
    while (Date.now() < Number(at)) {
      // spin
    }
    try {
      lock = acquireDataDirLock(dir!, 'lock-contender');
      process.stdout.write(`held ${lock.path}\n`);
    } catch (error) {
      const code = (error as { code?: string }).code;
      process.stdout.write(code === 'database_locked' ? 'locked\n' : `error ${(error as Error).message}\n`);
    }
  } else if (command === 'release') {
    lock?.release();
    lock = undefined;
    process.stdout.write('released\n');
  } else if (command === 'crash') {
    process.kill(process.pid, 'SIGKILL');
  }
});
lines.on('close', () => process.exit(0));
process.stdout.write('ready\n');
