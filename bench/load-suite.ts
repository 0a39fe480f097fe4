/**
 * Cold start proxy (issue 7): bundle sizes, and the time a fresh `node`
 * process takes to import each handler, bundled vs unbundled.
 */
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { type BenchContext, workerEnv } from './context.js';
import { FUNCTIONS, prepareLoadTargets } from './load-prepare.js';
import { check, type Row } from './report.js';
import { figure, single } from './stats.js';

// Timed inside the fresh process: the import alone, node's own start-up
// excluded (it is the same for both). The CommonJS bundle is loaded with
// require(), as the Lambda Node.js runtime loads a CommonJS handler; going
// through import() would add cjs-module-lexer's scan of the whole bundle
// (about 40 ms more here, for the 503 kB bundle), a cost Lambda does not pay.
const LOADER = `import { createRequire } from 'node:module';
const { BENCH_LOAD_FILE: file, BENCH_LOAD_MODE: mode } = process.env;
const t = performance.now();
if (mode === 'require') createRequire(import.meta.url)(file);
else await import(new URL('file://' + file).href);
process.stdout.write(String(performance.now() - t));
process.exit(0);`;

function loadOnce(
  file: string,
  mode: 'require' | 'import',
  env: Record<string, string>,
): number {
  const run = spawnSync(
    process.execPath,
    ['--input-type=module', '-e', LOADER],
    {
      env: { ...env, BENCH_LOAD_FILE: resolve(file), BENCH_LOAD_MODE: mode },
      encoding: 'utf8',
    },
  );
  const ms = Number(run.stdout.trim().split('\n').at(-1));
  if (run.status !== 0 || !Number.isFinite(ms)) {
    throw new Error(`loading ${file} failed: ${run.stderr || run.stdout}`);
  }
  return ms;
}

/** Sizes and load times of both handlers. */
export async function benchLoad(ctx: BenchContext): Promise<Row[]> {
  const targets = await prepareLoadTargets();
  const env = workerEnv(ctx, {
    topic: 'FederatedPosts',
    groupId: 'load',
    database: 'load',
  });
  const rows: Row[] = [];
  for (const fn of FUNCTIONS) {
    const section = `cold start ${fn}`;
    const bundledFile = targets.bundled[fn] ?? '';
    const unbundledFile = targets.unbundled[fn] ?? '';
    const kb = single(statSync(bundledFile).size / 1000);
    const bundled: number[] = [];
    const unbundled: number[] = [];
    for (let run = 0; run < ctx.plan.loadRuns; run += 1) {
      bundled.push(loadOnce(bundledFile, 'require', env));
      unbundled.push(loadOnce(unbundledFile, 'import', env));
    }
    const ratio = figure(
      bundled.map((b, i) => b / (unbundled[i] ?? Number.NaN)),
    );
    ctx.progress(
      `${fn}: bundle ${kb.median.toFixed(0)} kB; load bundled ${figure(bundled).median.toFixed(0)} ms, unbundled ${figure(unbundled).median.toFixed(0)} ms`,
    );
    rows.push(
      {
        section,
        name: 'bundle size (dist, minified)',
        unit: 'kB',
        figure: kb,
        target: check(kb, '<=', 1000, '≤ 1 MB'),
      },
      {
        section,
        name: 'load time, bundled (require)',
        unit: 'ms',
        figure: figure(bundled),
      },
      {
        section,
        name: 'load time, unbundled ESM (node_modules)',
        unit: 'ms',
        figure: figure(unbundled),
      },
      {
        section,
        name: 'bundled/unbundled',
        unit: '×',
        figure: ratio,
        target: check(ratio, '<=', 0.4, '≤ 0.4×'),
      },
    );
  }
  return rows;
}
