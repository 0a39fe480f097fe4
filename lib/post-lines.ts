/** One non-blank line of an NDJSON file: its JSON value or why it has none. */
export type JsonLine =
  | { readonly line: number; readonly value: unknown }
  | { readonly line: number; readonly error: string };

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const BOM = [0xef, 0xbb, 0xbf];
const NEWLINE = 0x0a;

/**
 * Split NDJSON bytes into parsed lines, numbered from 1; blank lines are
 * skipped. A line that is not strict UTF-8 or not JSON carries why: bytes
 * in another encoding would otherwise be sent with U+FFFD in their place.
 * Pure.
 */
export function parseJsonLines(bytes: Uint8Array): JsonLine[] {
  const parsed: JsonLine[] = [];
  // A byte-order mark (some editors write one) is not part of line 1.
  let start = BOM.every((b, i) => bytes[i] === b) ? BOM.length : 0;
  for (let line = 1; start <= bytes.length; line += 1) {
    const newline = bytes.indexOf(NEWLINE, start);
    const end = newline === -1 ? bytes.length : newline;
    const result = parseLine(bytes.subarray(start, end), line);
    if (result) parsed.push(result);
    start = end + 1;
  }
  return parsed;
}

function parseLine(raw: Uint8Array, line: number): JsonLine | undefined {
  let text: string;
  try {
    text = strictUtf8.decode(raw);
  } catch {
    return { line, error: 'not UTF-8 (save the file as UTF-8)' };
  }
  if (text.trim() === '') return undefined;
  try {
    return { line, value: JSON.parse(text) };
  } catch (error: unknown) {
    const reason = error instanceof Error ? error.message : String(error);
    return { line, error: `not valid JSON (${reason})` };
  }
}
