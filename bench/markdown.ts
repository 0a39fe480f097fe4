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

// Our own file, written by results.ts.
const results = JSON.parse(
  readFileSync(process.argv[2] ?? 'bench/results/latest.json', 'utf8'),
) as Results;
const { machine: m } = results;
console.log(
  `${results.mode} run${Array.isArray(results.suites) ? ` of ${results.suites.join(', ')}` : ''}, ` +
    `${results.date.slice(0, 16)}Z, ${results.seconds} s; ` +
    `${m.cores} cores (${m.cpu}), node ${m.node}, ${results.engine}\n`,
);
console.log(formatMarkdown(results.figures));
