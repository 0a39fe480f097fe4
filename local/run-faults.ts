/**
 * `npm run test:faults`: start the fault suite's own broker (127.0.0.1:19092),
 * run the scenarios with jest, stop the broker, exit with jest's status.
 * FAULT_SEED fixes the randomness (printed either way).
 */
import { spawnSync } from 'node:child_process';
import {
  startFaultBroker,
  stopFaultBroker,
} from '../tests/faults/fault-stack.js';

async function main(): Promise<number> {
  const seed = process.env.FAULT_SEED ?? String(Date.now() % 1_000_000);
  const started = Date.now();
  console.log(`[faults] seed=${seed}; starting the fault broker…`);
  await startFaultBroker();
  try {
    const jest = spawnSync(
      process.execPath,
      [
        'node_modules/jest/bin/jest.js',
        '-c',
        'tests/faults/jest.config.cjs',
        // In band: scenario figures go straight to stdout (a worker's last
        // lines can be lost when jest force-exits).
        '--runInBand',
        ...process.argv.slice(2),
      ],
      { stdio: 'inherit', env: { ...process.env, FAULT_SEED: seed } },
    );
    return jest.status ?? 1;
  } finally {
    await stopFaultBroker();
    console.log(
      `[faults] total ${Math.round((Date.now() - started) / 1000)} s`,
    );
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
