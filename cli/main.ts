/**
 * The `instalite-bridge` command line:
 *   npx tsx cli/main.ts <command> [options]   (or: npm run cli -- …)
 * See `--help` and the README's "Command-line tool" section.
 */
import { runCli } from './run.js';

function exit(code: number): void {
  // Kafka clients keep sockets open; exit once stdout and stderr are
  // flushed, so piped JSON is never cut short.
  process.stdout.write('', () => {
    process.stderr.write('', () => process.exit(code));
  });
}

runCli(process.argv.slice(2), process.env, {
  stdout: process.stdout,
  stderr: process.stderr,
}).then(exit, (error: unknown) => {
  process.stderr.write(
    `instalite-bridge: unexpected failure: ${String(error)}\n`,
  );
  exit(1);
});
