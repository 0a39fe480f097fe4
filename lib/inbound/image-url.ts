/**
 * The image URL rule of spec §4 and `<img>` src extraction of spec §2.1.
 */

import { countCodePoints, isWellFormedUtf16 } from './text.js';

// C0 controls, DEL and C1 controls; `\s` covers the Unicode spaces.
const WHITESPACE_OR_CONTROL = /[\s\p{Cc}]/u;
// The authority must follow `//` directly: the WHATWG parser would read
// `https:///x` as host `x` and `https:/x` or `https:\\x` the same way.
const HTTP_PREFIX = /^https?:\/\/[^/?#\\]/i;

/**
 * Return the trimmed URL when it is an absolute http(s) URL with a host, no
 * whitespace or control characters and at most `maxChars` code points;
 * otherwise null. The URL is returned as given, not re-serialised.
 */
export function acceptImageUrl(
  candidate: string,
  maxChars: number,
): string | null {
  const url = candidate.trim();
  if (url === '' || countCodePoints(url) > maxChars) return null;
  if (WHITESPACE_OR_CONTROL.test(url) || !isWellFormedUtf16(url)) return null;
  if (!HTTP_PREFIX.test(url)) return null;
  try {
    const parsed = new URL(url);
    const isHttp = parsed.protocol === 'http:' || parsed.protocol === 'https:';
    return isHttp && parsed.hostname !== '' ? url : null;
  } catch {
    return null;
  }
}

const IMG_TAG = /<img(?=[\s/>]|$)/gi;
// A name never contains `<`, so the scan of one tag stops at the next tag:
// without that, text of many `<img` tags took time quadratic in its length.
const ATTRIBUTE =
  /[\s/]*([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s<>]*)))?/y;

/** Tell whether the text contains an `<img>` tag (any letter case). */
export function hasImgTag(text: string): boolean {
  return text.search(IMG_TAG) !== -1;
}

/**
 * Return the `src` of the first `<img>` tag that has one, with `&amp;`
 * decoded to `&`; null when no `<img>` tag has a `src`. The value may be
 * double-quoted, single-quoted or unquoted; names match in any case.
 */
export function extractImgSrc(text: string): string | null {
  for (const tag of text.matchAll(IMG_TAG)) {
    const src = findSrcAttribute(text, tag.index + tag[0].length);
    if (src !== null) return src.replace(/&amp;/gi, '&');
  }
  return null;
}

function findSrcAttribute(text: string, start: number): string | null {
  ATTRIBUTE.lastIndex = start;
  for (;;) {
    const match = ATTRIBUTE.exec(text);
    if (match === null) return null;
    if (match[1]?.toLowerCase() === 'src') {
      return match[2] ?? match[3] ?? match[4] ?? '';
    }
  }
}
