/** The outcome for one post of a publish call, in input order. */
export type PostResult =
  | {
      readonly index: number;
      readonly post_id: string;
      readonly status: 'sent';
    }
  | {
      readonly index: number;
      readonly post_id: string | null;
      readonly status: 'invalid';
      readonly errors: readonly string[];
    }
  | {
      readonly index: number;
      readonly post_id: string;
      /** Ingested from another site, or already acknowledged: not sent. */
      readonly status: 'skipped_foreign' | 'already_published';
    }
  | {
      readonly index: number;
      readonly post_id: string;
      readonly status: 'failed';
      readonly error: string;
      readonly retriable: boolean;
    };

/** Every status a post can end with. */
export type PostStatus = PostResult['status'];

/** The answer to a publish call (direct invoke, HTTP 202, sweep). */
export interface PublishResult {
  readonly topic: string;
  readonly sent: number;
  readonly invalid: number;
  readonly skipped: number;
  readonly failed: number;
  readonly results: readonly PostResult[];
}

/** Counts per status over results sorted by index; pure. */
export function summarise(
  topic: string,
  results: readonly PostResult[],
): PublishResult {
  const sorted = [...results].sort((a, b) => a.index - b.index);
  const count = (...statuses: PostStatus[]) =>
    sorted.filter((r) => statuses.includes(r.status)).length;
  return {
    topic,
    sent: count('sent'),
    invalid: count('invalid'),
    skipped: count('skipped_foreign', 'already_published'),
    failed: count('failed'),
    results: sorted,
  };
}
