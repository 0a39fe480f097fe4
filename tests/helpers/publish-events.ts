/**
 * AWS events for the publish triggers, built from the captured shapes in
 * tests/fixtures (API Gateway HTTP API v2, DynamoDB Streams, EventBridge).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
  APIGatewayProxyEventV2,
  DynamoDBRecord,
  DynamoDBStreamEvent,
  ScheduledEvent,
} from 'aws-lambda';
import type { DataApi } from '../../lib/data-api.js';
import { byEngine } from './data-api-server.js';

function fixture<T>(name: string): T {
  const text = readFileSync(join('tests', 'fixtures', name), 'utf8');
  const parsed: T = JSON.parse(text);
  return parsed;
}

/** An HTTP API POST /posts request carrying `body`. */
export function httpEvent(
  body: string | undefined,
  { base64 = false } = {},
): APIGatewayProxyEventV2 {
  const event = fixture<APIGatewayProxyEventV2>('http-api-v2-post.json');
  return {
    ...event,
    body: base64 && body ? Buffer.from(body).toString('base64') : body,
    isBase64Encoded: base64,
  };
}

/** The captured stream batch: an INSERT, a MODIFY and a REMOVE. */
export function capturedStreamEvent(): DynamoDBStreamEvent {
  return fixture<DynamoDBStreamEvent>('dynamodb-stream-insert.json');
}

/** An INSERT record of the posts table (the captured one, re-keyed). */
export function insertRecord(
  postId: string,
  seq: string,
  extra: Record<string, { S: string } | { N: string }> = {},
): DynamoDBRecord {
  const [record] = capturedStreamEvent().Records;
  if (record?.dynamodb === undefined) throw new Error('fixture has no INSERT');
  return {
    ...record,
    dynamodb: {
      ...record.dynamodb,
      Keys: { post_id: { N: postId } },
      NewImage: {
        ...record.dynamodb.NewImage,
        post_id: { N: postId },
        ...extra,
      },
      SequenceNumber: seq,
    },
  };
}

/** The EventBridge scheduled event that starts a sweep. */
export function scheduledEvent(): ScheduledEvent {
  return fixture<ScheduledEvent>('eventbridge-scheduled.json');
}

/** Insert a posts row for a seeded user; returns its post id. */
export async function insertPost(
  db: DataApi,
  row: {
    caption?: string;
    imageUrl?: string | null;
    sourceSite?: string | null;
    ageSeconds?: number;
  } = {},
): Promise<string> {
  const params = {
    caption: row.caption ?? 'a local post',
    image_url: row.imageUrl ?? null,
    content_type: row.imageUrl ? 'image' : 'text',
    source_site: row.sourceSite ?? null,
    age_seconds: row.ageSeconds ?? 3600,
  };
  const inserted = await db.query(
    {
      name: 'testInsertPost',
      sql: byEngine({
        pg: `INSERT INTO posts (user_id, caption, image_url, content_type,
              source_site, original_post_id, created_at)
            SELECT min(user_id), :caption, :image_url, :content_type,
              :source_site, CASE WHEN :source_site::text IS NULL THEN NULL
                ELSE md5(random()::text) END,
              now() - :age_seconds * interval '1 second'
            FROM users
            RETURNING post_id::text`,
        // No RETURNING on Aurora MySQL: the test database's newest post
        // is read next (nothing else writes while a test prepares).
        mysql: `INSERT INTO posts (user_id, caption, image_url, content_type,
              source_site, original_post_id, created_at)
            SELECT MIN(user_id), :caption, :image_url, :content_type,
              :source_site, CASE WHEN :source_site IS NULL THEN NULL
                ELSE MD5(RAND()) END,
              UTC_TIMESTAMP(6) - INTERVAL :age_seconds SECOND
            FROM users`,
      }),
    },
    params,
  );
  const newest = {
    name: 'testNewestPost',
    sql: 'SELECT MAX(post_id) FROM posts',
  };
  const [[id] = []] = db.engine === 'mysql' ? await db.query(newest) : inserted;
  return String(id);
}

/** The published_at of each post id (null when never published). */
export async function publishedAt(
  db: DataApi,
  ids: readonly string[],
): Promise<(string | null)[]> {
  const rows = await db.query(
    {
      name: 'testPublishedAt',
      sql: byEngine({
        pg: `SELECT post_id::text, published_at::text FROM posts
            WHERE post_id::text IN (
              SELECT json_array_elements_text(:ids::json))`,
        mysql: `SELECT CAST(post_id AS CHAR), CAST(published_at AS CHAR)
            FROM posts WHERE post_id IN (SELECT j.id FROM JSON_TABLE(:ids,
              '$[*]' COLUMNS (id BIGINT PATH '$')) AS j)`,
      }),
    },
    { ids: JSON.stringify(ids) },
  );
  const byId = new Map(rows.map(([id, at]) => [String(id), at]));
  return ids.map((id) => {
    const at = byId.get(id);
    return at === undefined || at === null ? null : String(at);
  });
}
