/**
 * The generated parts of README.md: each section owns the text between
 * `<!-- <marker>:start -->` and `<!-- <marker>:end -->`. Add a section here
 * (with its renderer) and its markers in the README; `npm run docs` fills it.
 */
import { renderCliReference } from '../cli/reference.js';
import { renderConfigReference } from './config-reference.js';

/** One generated README section. */
export interface DocSection {
  /** Marker name, e.g. `config-reference`. */
  readonly marker: string;
  /** The Markdown between the markers, without them. */
  render(): string;
}

/** Every generated section, in no particular order. */
export const DOC_SECTIONS: readonly DocSection[] = [
  { marker: 'config-reference', render: renderConfigReference },
  { marker: 'cli-reference', render: renderCliReference },
];

function bounds(text: string, marker: string): [number, number] {
  const start = `<!-- ${marker}:start -->`;
  const end = `<!-- ${marker}:end -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from || text.indexOf(start, from + 1) >= 0)
    throw new Error(`README needs exactly one "${start}" followed by "${end}"`);
  return [from + start.length, to];
}

/**
 * The text with every section's markers enclosing its fresh rendering.
 * @throws Error naming a section whose markers are missing or out of order.
 */
export function applySections(
  text: string,
  sections: readonly DocSection[],
): string {
  let result = text;
  for (const section of sections) {
    const [from, to] = bounds(result, section.marker);
    const body = `\n\n${section.render().trim()}\n\n`;
    result = result.slice(0, from) + body + result.slice(to);
  }
  return result;
}

/** Markers of the sections whose text differs from a fresh rendering. */
export function staleSections(
  text: string,
  sections: readonly DocSection[],
): string[] {
  return sections
    .filter((section) => applySections(text, [section]) !== text)
    .map((section) => section.marker);
}

/** What `--check` and the unit test say about a stale section. */
export function staleMessage(marker: string): string {
  return `README ${marker.replaceAll('-', ' ')} is out of date: run npm run docs`;
}
