import type { CallOptions, DataApi, Row } from './data-api.js';
import { SQL, statementFor } from './store-sql.js';

/** A posts row as publish reads it, its author joined from users. */
export interface StoredPost {
  readonly postId: string;
  /** null when the row's user is missing. */
  readonly username: string | null;
  readonly caption: string;
  readonly imageUrl: string | null;
  /** Set on ingested (foreign) posts; publish never sends those. */
  readonly sourceSite: string | null;
  readonly isPublished: boolean;
}

/** What the sweep looks for. */
export interface SweepWindow {
  readonly minAgeSeconds: number;
  readonly lookbackHours: number;
  readonly maxPosts: number;
}

// posts.post_id is a BIGINT: longer ids cannot name a row, and casting them
// would fail the whole statement.
const BIGINT_MAX = 9_223_372_036_854_775_807n;

/** The canonical decimal form of a post id ("007" → "7"); pure. */
export function canonicalPostId(id: string): string {
  return BigInt(id).toString();
}

const asText = (v: Row[number]) => (v === null ? null : String(v));
// MySQL has no boolean result type: the Data API sends 0/1 there.
const asBoolean = (v: Row[number] | undefined) => v === true || v === 1;

function toStoredPost(row: Row): StoredPost {
  const [postId, username, caption, imageUrl, sourceSite, isPublished] = row;
  return {
    postId: String(postId),
    username: asText(username ?? null),
    caption: asText(caption ?? null) ?? '',
    imageUrl: asText(imageUrl ?? null),
    sourceSite: asText(sourceSite ?? null),
    isPublished: asBoolean(isPublished),
  };
}

/**
 * The rows of these post ids, keyed by canonical id; ids with no row are
 * absent. @throws DatabaseError
 */
export async function lookupPosts(
  db: DataApi,
  ids: readonly string[],
  options?: CallOptions,
): Promise<Map<string, StoredPost>> {
  const keys = [...new Set(ids.map(canonicalPostId))].filter(
    (id) => BigInt(id) <= BIGINT_MAX,
  );
  if (keys.length === 0) return new Map();
  const rows = await db.query(
    statementFor(db.engine, SQL.lookupPublishPosts),
    { ids: JSON.stringify(keys) },
    options,
  );
  return new Map(rows.map((r) => [String(r[0]), toStoredPost(r)]));
}

/**
 * Local posts never published, oldest first, inside the window.
 * @throws DatabaseError
 */
export async function listUnpublishedPosts(
  db: DataApi,
  window: SweepWindow,
  options?: CallOptions,
): Promise<StoredPost[]> {
  const rows = await db.query(
    statementFor(db.engine, SQL.listUnpublishedPosts),
    {
      lookback_hours: window.lookbackHours,
      min_age_seconds: window.minAgeSeconds,
      max_posts: window.maxPosts,
    },
    options,
  );
  return rows.map(toStoredPost);
}

/**
 * Record that the broker acknowledged these local posts (those not marked
 * yet). @throws DatabaseError
 */
export async function markPublished(
  db: DataApi,
  ids: readonly string[],
  options?: CallOptions,
): Promise<void> {
  const keys = [...new Set(ids.map(canonicalPostId))].filter(
    (id) => BigInt(id) <= BIGINT_MAX,
  );
  if (keys.length === 0) return;
  await db.query(
    statementFor(db.engine, SQL.markPostsPublished),
    { ids: JSON.stringify(keys) },
    options,
  );
}
