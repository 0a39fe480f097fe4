/**
 * Bundle each Lambda into one minified file with source maps (AWS SDK
 * included): dist/<function>/index.js. serverless.yml packages the folder.
 *
 * Code that only some deployments or fallbacks run is left out of index.js
 * and bundled beside it in dist/<function>/lazy/, loaded on first use: a
 * cold start compiles every byte of index.js, and these parts were a third
 * of it (bench/README.md, "Cold start proxy").
 */
import { rmSync, statSync, writeFileSync } from 'node:fs';
import { type BuildOptions, build, type Plugin } from 'esbuild';

const FUNCTIONS = ['publish', 'ingest'] as const;

/** Lazy files and the packages each holds; imported only dynamically. */
const LAZY_CHUNKS: Readonly<Record<string, readonly string[]>> = {
  // The SDK's credential chain after environment variables, which is where
  // Lambda puts the function role's credentials: profiles, SSO, web identity.
  'aws-credentials': [
    '@aws-sdk/credential-provider-ini',
    '@aws-sdk/credential-provider-login',
    '@aws-sdk/credential-provider-process',
    '@aws-sdk/credential-provider-sso',
    '@aws-sdk/credential-provider-web-identity',
  ],
  // Container and instance-metadata credentials, also after the environment.
  'aws-remote-credentials': [
    '@aws-sdk/credential-provider-http',
    '@smithy/credential-provider-imds',
  ],
  // Event-stream operations; the Data API has none.
  'smithy-event-streams': ['@smithy/core/event-streams'],
  // Only with KAFKA_AUTH=aws-msk-iam (lib/kafka-auth.ts).
  'msk-iam-signer': ['aws-msk-iam-sasl-signer-js'],
  // Only when a Kafka secret is configured (lib/secrets.ts).
  'secrets-manager': ['@aws-sdk/client-secrets-manager'],
  // Browser user-agent parsing, never run on Node.
  bowser: ['bowser'],
};

const chunkOf = new Map(
  Object.entries(LAZY_CHUNKS).flatMap(([chunk, packages]) =>
    packages.map((name) => [name, chunk] as const),
  ),
);
const escapeRegExp = (name: string) => name.replace(/[/.]/g, '\\$&');
const lazyFilter = new RegExp(
  `^(${[...chunkOf.keys()].map(escapeRegExp).join('|')})$`,
);

/**
 * Resolve each lazy package to its chunk file (`<dir>/<chunk>.js`, external),
 * except the packages of the chunk being built, which are bundled.
 */
function lazyChunks(dir: string, building?: string): Plugin {
  return {
    name: 'lazy-chunks',
    setup(b) {
      b.onResolve({ filter: lazyFilter }, ({ path }) => {
        const chunk = chunkOf.get(path);
        if (chunk === building) return undefined;
        return { path, namespace: 'lazy-chunk', pluginData: chunk };
      });
      // A stand-in module: the package's exports, read from its chunk.
      b.onLoad({ filter: /.*/, namespace: 'lazy-chunk' }, ({ path }) => ({
        contents: `module.exports = require(${JSON.stringify(`${dir}/${chunkOf.get(path)}.js`)})[${JSON.stringify(path)}];`,
        loader: 'js',
        resolveDir: '.',
      }));
      b.onResolve(
        { filter: /^\.\.?\/.*\.js$/, namespace: 'lazy-chunk' },
        ({ path }) => ({
          path,
          external: true,
        }),
      );
    },
  };
}

const common: BuildOptions = {
  bundle: true,
  minify: true,
  sourcemap: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  legalComments: 'none',
  // ESM builds of the AWS SDK tree-shake better: about 18% smaller bundles
  // and faster cold loads (bench/README.md).
  mainFields: ['module', 'main'],
  logLevel: 'warning',
};

// A chunk exports each of its packages by name, loaded on first access.
function chunkSource(packages: readonly string[]): string {
  return packages
    .map(
      (name) =>
        `Object.defineProperty(exports, ${JSON.stringify(name)}, { enumerable: true, get: () => require(${JSON.stringify(name)}) });`,
    )
    .join('\n');
}

const kib = (file: string) => (statSync(file).size / 1024).toFixed(0);

async function main(): Promise<void> {
  rmSync('dist', { recursive: true, force: true });
  for (const name of FUNCTIONS) {
    const outfile = `dist/${name}/index.js`;
    await build({
      ...common,
      entryPoints: [`functions/${name}.ts`],
      outfile,
      plugins: [lazyChunks('./lazy')],
    });
    for (const [chunk, packages] of Object.entries(LAZY_CHUNKS)) {
      await build({
        ...common,
        stdin: { contents: chunkSource(packages), resolveDir: '.' },
        outfile: `dist/${name}/lazy/${chunk}.js`,
        plugins: [lazyChunks('.', chunk)],
      });
    }
    // The repo is "type": "module"; mark each bundle CommonJS so it loads the
    // same way here as in Lambda, whose zip has no package.json of ours.
    writeFileSync(`dist/${name}/package.json`, '{"type":"commonjs"}\n');
    const lazy = Object.keys(LAZY_CHUNKS)
      .map((chunk) => `${chunk} ${kib(`dist/${name}/lazy/${chunk}.js`)}`)
      .join(', ');
    console.log(`built ${outfile} (${kib(outfile)} KiB; lazy/: ${lazy} KiB)`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
