/**
 * The two ways to load a handler for the cold-start proxy, side by side in
 * node_modules/.cache/instalite-bench (so bare imports resolve from the
 * project's node_modules, as they would in an unbundled Lambda zip):
 * - bundled: dist/<fn>/ from `npm run build` (CommonJS, minified; index.js
 *   and the lazy/ files it loads on first use);
 * - unbundled: every functions/ and lib/ file compiled one to one to ESM
 *   JavaScript (esbuild, no bundling), importing kafkajs and the AWS SDK
 *   from node_modules. Compiled ahead, so no TypeScript
 *   transform is timed (tsx would make the unbundled side look worse).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

/** The handlers the build bundles. */
export const FUNCTIONS = ['publish', 'ingest'] as const;

const ROOT = 'node_modules/.cache/instalite-bench';

/** Where each variant of a handler was placed. */
export interface LoadTargets {
  readonly bundled: Record<string, string>;
  readonly unbundled: Record<string, string>;
}

function sources(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(dir, f));
}

/** Run `npm run build`, copy the bundles, compile the unbundled tree. @throws Error when the build fails */
export async function prepareLoadTargets(): Promise<LoadTargets> {
  const built = spawnSync('npm', ['run', 'build'], { encoding: 'utf8' });
  if (built.status !== 0) {
    throw new Error(`npm run build failed:\n${built.stdout}${built.stderr}`);
  }
  rmSync(ROOT, { recursive: true, force: true });
  mkdirSync(`${ROOT}/bundled`, { recursive: true });
  // The bundles are CommonJS; in a Lambda zip no package.json says otherwise.
  writeFileSync(`${ROOT}/bundled/package.json`, '{"type":"commonjs"}\n');
  const bundled: Record<string, string> = {};
  for (const fn of FUNCTIONS) {
    // The whole folder, as serverless packages it: index.js and its lazy/.
    cpSync(`dist/${fn}`, `${ROOT}/bundled/${fn}`, { recursive: true });
    bundled[fn] = `${ROOT}/bundled/${fn}/index.js`;
  }
  const out = `${ROOT}/unbundled`;
  await build({
    entryPoints: [...sources('functions'), ...sources('lib')],
    outdir: out,
    outbase: '.',
    bundle: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
  });
  writeFileSync(`${out}/package.json`, '{"type":"module"}\n');
  const unbundled = Object.fromEntries(
    FUNCTIONS.map((fn) => [fn, `${out}/functions/${fn}.js`]),
  );
  return { bundled, unbundled };
}
