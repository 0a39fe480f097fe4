/**
 * The `instalite-bridge` command line:
 *   npx tsx cli/main.ts <command> [options]   (or: npm run cli -- …)
 * See `--help` and the README's "Command-line tool" section.
 */
import { localEnv, quietSdkNodeNotice } from '../local/local-env.js';
import { runCli } from './run.js';

function exit(code: number): void {
  // Kafka clients keep sockets open; exit once stdout and stderr are
  // flushed, so piped JSON is never cut short.
  process.stdout.write('', () => {
    process.stderr.write('', () => process.exit(code));
  });
}

const argv = process.argv.slice(2);
// The repository runs on Node 20 (engines); the SDK's notice that its 2027
// releases need Node 22 is not something a user of the tool can act on.
quietSdkNodeNotice();
// --local: the local defaults go under the environment before any client is
// built, as in the local scripts (the AWS SDK reads process.env itself).
if (argv.includes('--local')) {
  Object.assign(process.env, localEnv({ CONFIG_FILE: 'none', ...process.env }));
}

runCli(argv, process.env, {
  stdout: process.stdout,
  stderr: process.stderr,
}).then(exit, (error: unknown) => {
  process.stderr.write(
    `instalite-bridge: unexpected failure: ${String(error)}\n`,
  );
  exit(1);
});
