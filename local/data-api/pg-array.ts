import { DataApiError } from './errors.js';

/**
 * Parses PostgreSQL one-dimensional array text (`{1,NULL,"a b"}`) into its
 * element texts, `null` for NULL elements.
 * @throws DataApiError `UnsupportedResultException` for multidimensional
 * arrays or arrays with explicit bounds (spec §3.4).
 */
export function parsePgArray(text: string): (string | null)[] {
  if (!text.startsWith('{') || !text.endsWith('}')) {
    throw unsupported();
  }
  const items: (string | null)[] = [];
  if (text === '{}') return items;
  let i = 1;
  while (i < text.length) {
    const ch = text.charAt(i);
    if (ch === '{') throw unsupported();
    if (ch === '"') {
      let value = '';
      i += 1;
      while (i < text.length && text.charAt(i) !== '"') {
        if (text.charAt(i) === '\\') i += 1;
        value += text.charAt(i);
        i += 1;
      }
      items.push(value);
      i += 2; // closing quote and the separator
      continue;
    }
    let end = i;
    while (end < text.length - 1 && text.charAt(end) !== ',') end += 1;
    const raw = text.slice(i, end);
    items.push(raw === 'NULL' ? null : raw);
    i = end + 1;
  }
  return items;
}

function unsupported(): DataApiError {
  return new DataApiError(
    'UnsupportedResultException',
    'The result contains the unsupported data type multidimensional array',
  );
}
