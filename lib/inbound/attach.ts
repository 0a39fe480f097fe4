/** Federated image selection from `attach` values (spec §2.1). */

import { acceptImageUrl, extractImgSrc, hasImgTag } from './image-url.js';
import { isJsonObject, type JsonValue } from './json-value.js';

/** The chosen image, and whether a candidate was dropped on the way. */
export interface AttachChoice {
  readonly imageUrl: string | null;
  readonly isAnyIgnored: boolean;
}

/**
 * Try each `attach` value in order; the first valid URL (§4) wins. A string
 * is a URL or holds an `<img>` tag; an object gives its `image` string, else
 * its `url` string; anything else, and a blank string, is no image.
 */
export function chooseAttachImage(
  attaches: readonly (JsonValue | undefined)[],
  maxUrlChars: number,
): AttachChoice {
  let isAnyIgnored = false;
  for (const attach of attaches) {
    const candidate = candidateOf(attach);
    if (candidate === undefined) continue;
    const url =
      candidate === null ? null : acceptImageUrl(candidate, maxUrlChars);
    if (url !== null) return { imageUrl: url, isAnyIgnored };
    isAnyIgnored = true;
  }
  return { imageUrl: null, isAnyIgnored };
}

/** A URL to check, null for an unusable one, undefined for no attach. */
function candidateOf(attach: JsonValue | undefined): string | null | undefined {
  if (typeof attach === 'string') {
    // An empty attach means "no attachment", not a bad one.
    if (attach.trim() === '') return undefined;
    return hasImgTag(attach) ? extractImgSrc(attach) : attach;
  }
  if (isJsonObject(attach)) {
    const image = attach.get('image');
    if (typeof image === 'string') return image;
    const url = attach.get('url');
    if (typeof url === 'string') return url;
  }
  return undefined;
}
