import type { JsonLine } from './post-lines.js';
import { publishValidated, validatePosts } from './publish.js';
import type { PublishDeps } from './publish-deliver.js';
import type { PostResult, PostStatus } from './publish-result.js';

/** A line of a posts file that was not sent, and why. */
export interface UnsentLine {
  readonly line: number;
  readonly post_id: string | null;
  readonly status: Exclude<PostStatus, 'sent'>;
  readonly errors?: readonly string[];
  readonly error?: string;
  readonly retriable?: boolean;
}

/** The outcome of publishing a posts file. */
export interface PublishFileResult {
  readonly topic: string;
  /** Non-blank lines read. */
  readonly lines: number;
  readonly sent: number;
  readonly skipped: number;
  readonly invalid: number;
  readonly failed: number;
  /** Every line not sent, in line order. */
  readonly notSent: readonly UnsentLine[];
}

/** Lines handled and posts sent so far, after each batch. */
export type OnFileProgress = (
  done: number,
  total: number,
  sent: number,
) => void;

function toUnsent(line: number, r: PostResult): UnsentLine | undefined {
  if (r.status === 'sent') return undefined;
  if (r.status === 'invalid')
    return { line, post_id: r.post_id, status: r.status, errors: r.errors };
  if (r.status === 'failed') {
    const { error, retriable } = r;
    return { line, post_id: r.post_id, status: r.status, error, retriable };
  }
  return { line, post_id: r.post_id, status: r.status };
}

/**
 * Publish the posts of an NDJSON file (direct-invoke shape, one per line)
 * in batches of `batchSize`, like a direct invoke each. A line that is not
 * JSON or not a valid post is reported with its number; it never stops the
 * other lines.
 */
export async function publishFileLines(
  lines: readonly JsonLine[],
  deps: PublishDeps,
  options: { batchSize: number; onProgress?: OnFileProgress },
): Promise<PublishFileResult> {
  const notSent: UnsentLine[] = [];
  let sent = 0;
  for (const l of lines) {
    if ('error' in l)
      notSent.push({
        line: l.line,
        post_id: null,
        status: 'invalid',
        errors: [l.error],
      });
  }
  const good = lines.filter((l) => 'value' in l);
  const total = lines.length;
  let done = total - good.length;
  for (let i = 0; i < good.length; i += options.batchSize) {
    const batch = good.slice(i, i + options.batchSize);
    const limits = {
      siteId: deps.siteId,
      maxMessageBytes: deps.settings.maxMessageBytes,
    };
    const values = batch.map((l) => ('value' in l ? l.value : undefined));
    const { candidates, results } = validatePosts(values, limits);
    const outcome = await publishValidated(candidates, results, deps);
    for (const r of outcome.results) {
      const line = batch[r.index]?.line ?? 0;
      const unsent = toUnsent(line, r);
      if (unsent) notSent.push(unsent);
      else sent += 1;
    }
    done += batch.length;
    options.onProgress?.(done, total, sent);
  }
  notSent.sort((a, b) => a.line - b.line);
  const count = (...s: PostStatus[]) =>
    notSent.filter((u) => s.includes(u.status)).length;
  return {
    topic: deps.topic,
    lines: total,
    sent,
    skipped: count('skipped_foreign', 'already_published'),
    invalid: count('invalid'),
    failed: count('failed'),
    notSent,
  };
}
