/** The shared content rules of spec §3 rules 11–12 and §4. */

import { quarantine } from './fields.js';
import {
  countCodePoints,
  isBlank,
  normaliseText,
  truncateCodePoints,
} from './text.js';
import type {
  Decision,
  DecodeNote,
  DecodeSettings,
  ExtractedPost,
  Family,
  InboundPost,
} from './types.js';

/**
 * Normalise the text and author name, then apply `no_content` and the text
 * length limit, giving the final decision for an extracted post.
 */
export function finishPost(
  extracted: ExtractedPost,
  family: Family,
  settings: DecodeSettings,
): Decision {
  const notes = new Set<DecodeNote>(extracted.notes);
  const body = normaliseText(extracted.rawText);
  const author = normaliseText(extracted.authorName);
  for (const part of [body, author]) {
    if (part.hadNul) notes.add('nul_stripped');
    if (part.hadLoneSurrogate) notes.add('surrogate_replaced');
  }
  const { imageUrl } = extracted;
  if (imageUrl === null && isBlank(body.text)) {
    return quarantine(
      'no_content',
      'text is empty or whitespace after normalisation, and there is no image',
    );
  }
  let text = body.text;
  const length = countCodePoints(text);
  if (length > settings.maxTextChars) {
    if (settings.textOverflow === 'reject') {
      return quarantine(
        'text_too_long',
        `text has ${length} code points; the limit is ${settings.maxTextChars}`,
      );
    }
    text = truncateCodePoints(text, settings.maxTextChars);
    notes.add('text_truncated');
  }
  const contentType: InboundPost['contentType'] =
    imageUrl === null ? 'text' : 'image';
  const post = {
    sourceSite: extracted.sourceSite,
    originalPostId: extracted.originalPostId,
    authorName: author.text,
    text,
    imageUrl,
    contentType,
    createdAt: extracted.createdAt,
    family,
  };
  return { outcome: 'post', post, notes: [...notes] };
}
