/**
 * `npx tsx bench/markdown.ts [file]`: print bench/results/latest.json (or
 * the results file named) as the Markdown table kept in bench/README.md.
 */
import { readFileSync } from 'node:fs';
import { formatMarkdown, type Row } from './report.js';

interface Results {
  readonly date: string;
  readonly mode: string;
  readonly suites?: readonly string[] | 'all';
  readonly engine: string;
  readonly seconds: number;
  readonly machine: { cores: number; cpu: string; node: string };
  readonly figures: Row[];
}

const file = process.argv[2] ?? 'bench/results/latest.json';
let results: Results;
try {
  // Our own file, written by results.ts.
  results = JSON.parse(readFileSync(file, 'utf8')) as Results;
  if (!Array.isArray(results.figures)) throw new Error('no figures in it');
} catch (error: unknown) {
  const why = error instanceof Error ? error.message : String(error);
  console.error(
    `bench/markdown: cannot read results from ${file} (${why}); ` +
      'run npm run bench first, or name a file of bench/results/',
  );
  process.exit(1);
}
const { machine: m } = results;
const size = results.mode === 'quick' ? 'quick' : 'full-size';
console.log(
  `${size} run${Array.isArray(results.suites) ? ` of ${results.suites.join(', ')}` : ''}, ` +
    `${results.date.slice(0, 16)}Z, ${results.seconds} s; ` +
    `${m.cores} cores (${m.cpu}), node ${m.node}, ${results.engine}\n`,
);
console.log(formatMarkdown(results.figures));
