/** The benchmark's results: rows with targets, printed as one table. */
import { type Figure, spreadPercent } from './stats.js';

/** A target of issue 7 and whether the figure meets it. */
export interface TargetCheck {
  readonly text: string;
  readonly pass: boolean;
}

/** One line of the results table. */
export interface Row {
  readonly section: string;
  readonly name: string;
  readonly unit: string;
  readonly figure: Figure;
  readonly target?: TargetCheck;
  readonly note?: string;
}

/** A target: `figure op limit`, e.g. at least 30 or at most 2. */
export function check(
  figure: Figure,
  op: '>=' | '<=',
  limit: number,
  text: string,
): TargetCheck {
  const pass = op === '>=' ? figure.median >= limit : figure.median <= limit;
  return { text, pass };
}

function num(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  const size = Math.abs(value);
  // Ratios under 1 get three decimals: 0.401 against a 0.4 target must not
  // print as "0.4 … FAIL".
  const digits = size >= 100 ? 0 : size >= 10 ? 1 : size >= 1 ? 2 : 3;
  return value.toLocaleString('en-US', { maximumFractionDigits: digits });
}

function spread(f: Figure): string {
  if (f.runs < 2) return '';
  return `${num(f.min)}–${num(f.max)} (±${spreadPercent(f).toFixed(0)}%)`;
}

/** The table as text lines, one section after another. */
export function formatTable(rows: readonly Row[]): string {
  const head = [
    'figure',
    'median',
    'unit',
    'spread min–max',
    'n',
    'target',
    '',
  ];
  const cells = rows.map((r) => [
    `${r.section}: ${r.name}`,
    num(r.figure.median),
    r.unit,
    spread(r.figure),
    String(r.figure.runs),
    r.target?.text ?? '',
    r.target ? (r.target.pass ? 'PASS' : 'FAIL') : '',
  ]);
  const widths = head.map((h, i) =>
    Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)),
  );
  const line = (c: readonly string[]) =>
    c
      .map((v, i) =>
        i === 1 || i === 4
          ? v.padStart(widths[i] ?? 0)
          : v.padEnd(widths[i] ?? 0),
      )
      .join(' | ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('-|-');
  return [line(head), rule, ...cells.map(line)].join('\n');
}

/** The table as Markdown, for bench/README.md. */
export function formatMarkdown(rows: readonly Row[]): string {
  const lines = [
    '| figure | median | unit | spread (min–max) | n | target | |',
    '|---|---:|---|---|---:|---|---|',
  ];
  for (const r of rows) {
    const verdict = r.target ? (r.target.pass ? 'PASS' : '**FAIL**') : '';
    lines.push(
      `| ${r.section}: ${r.name} | ${num(r.figure.median)} | ${r.unit} | ${spread(r.figure)} | ${r.figure.runs} | ${r.target?.text ?? ''} | ${verdict} |`,
    );
  }
  return lines.join('\n');
}
