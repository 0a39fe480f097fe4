/** One non-blank line of an NDJSON file: its JSON value or why it has none. */
export type JsonLine =
  | { readonly line: number; readonly value: unknown }
  | { readonly line: number; readonly error: string };

/**
 * Split NDJSON text into parsed lines, numbered from 1; blank lines are
 * skipped and a line that is not JSON carries its parse error. Pure.
 */
export function parseJsonLines(text: string): JsonLine[] {
  const parsed: JsonLine[] = [];
  // A byte-order mark (some editors write one) is not part of line 1.
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((raw, i) => {
      if (raw.trim() === '') return;
      try {
        parsed.push({ line: i + 1, value: JSON.parse(raw) });
      } catch (error: unknown) {
        const reason = error instanceof Error ? error.message : String(error);
        parsed.push({ line: i + 1, error: `not valid JSON (${reason})` });
      }
    });
  return parsed;
}
