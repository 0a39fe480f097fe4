/**
 * Terminal output of the CLI: tables, JSON and progress. Results go to
 * stdout; progress and errors go to stderr, so stdout can be piped.
 */

/** A stream the CLI writes to (process.stdout, process.stderr). */
export interface Sink {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  /** Terminal width, when it is a terminal. */
  readonly columns?: number;
}

type Cell = string | number | bigint | boolean | null | undefined;

// Control characters (a NUL from a broken file, an escape sequence) are
// shown as \u escapes: written raw they would garble the terminal.
const visible = (text: string): string =>
  Array.from(text, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x20 || code === 0x7f
      ? `\\u${code.toString(16).padStart(4, '0')}`
      : c;
  }).join('');

const cellText = (cell: Cell): string =>
  cell === null || cell === undefined ? '-' : visible(String(cell));

/**
 * A plain-text table with a header rule; numbers are right-aligned. Pure.
 */
export function renderTable(
  headers: readonly string[],
  rows: readonly (readonly Cell[])[],
): string {
  const texts = rows.map((row) => headers.map((_, i) => cellText(row[i])));
  const widths = headers.map((h, i) =>
    Math.max(h.length, ...texts.map((row) => (row[i] ?? '').length)),
  );
  const isNumeric = headers.map(
    (_, i) =>
      rows.length > 0 &&
      rows.every((row) => {
        const cell = row[i];
        return typeof cell === 'number' || typeof cell === 'bigint';
      }),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => {
        const width = widths[i] ?? 0;
        return isNumeric[i] ? c.padStart(width) : c.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '─'.repeat(w)).join('  ');
  return [line(headers), rule, ...texts.map(line)].join('\n');
}

/** `key  value` lines with the keys aligned. Pure. */
export function renderPairs(pairs: readonly (readonly [string, Cell])[]) {
  const width = Math.max(0, ...pairs.map(([k]) => k.length));
  return pairs.map(([k, v]) => `${k.padEnd(width)}  ${cellText(v)}`).join('\n');
}

/** JSON for stdout: bigints as strings, two-space indent. Pure. */
export function toJson(value: unknown): string {
  return JSON.stringify(
    value,
    (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v),
    2,
  );
}

/** `[#####-----]` for done of total, `width` cells inside. Pure. */
export function renderBar(done: number, total: number, width = 24): string {
  const ratio = total > 0 ? Math.min(1, Math.max(0, done / total)) : 1;
  const full = Math.round(ratio * width);
  return `[${'#'.repeat(full)}${'-'.repeat(width - full)}]`;
}

/** One progress line: label, bar and percentage when the total is known. */
export function progressLine(
  label: string,
  done: number,
  total: number | undefined,
  detail: string,
): string {
  const tail = detail ? ` · ${detail}` : '';
  if (total === undefined || total <= 0) return `${label} ${done}${tail}`;
  const percent = Math.floor((Math.min(done, total) / total) * 100);
  return `${label} ${renderBar(done, total)} ${percent}% ${done}/${total}${tail}`;
}

/** Live progress on stderr: redrawn on a TTY, throttled lines elsewhere. */
export interface Progress {
  update(done: number, total: number | undefined, detail: string): void;
  /** Leave the last state on screen (a final line when not a TTY). */
  finish(): void;
}

/**
 * A progress display. On a TTY it redraws one line; otherwise it prints a
 * plain line at most every `intervalMs` (logs stay readable) and the last
 * state on finish. Quiet prints nothing.
 */
export function createProgress(
  sink: Sink,
  label: string,
  options: { quiet: boolean; intervalMs?: number; now?: () => number },
): Progress {
  const { quiet, intervalMs = 1000, now = Date.now } = options;
  let last = '';
  let printedAt = Number.NEGATIVE_INFINITY;
  let isPending = false;
  if (quiet) return { update: () => undefined, finish: () => undefined };
  return {
    update(done, total, detail) {
      last = progressLine(label, done, total, detail);
      if (sink.isTTY) {
        // A line longer than the terminal wraps, and \r would then only
        // redraw its last row.
        const width = Math.max(20, (sink.columns ?? 80) - 1);
        sink.write(`\r\x1b[2K${last.slice(0, width)}`);
        return;
      }
      isPending = true;
      if (now() - printedAt < intervalMs) return;
      sink.write(`${last}\n`);
      printedAt = now();
      isPending = false;
    },
    finish() {
      if (sink.isTTY && last) sink.write('\n');
      else if (isPending) sink.write(`${last}\n`);
      isPending = false;
    },
  };
}
