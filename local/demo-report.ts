/** The readable end of the demo: counts, a few stored posts, the quarantine. */
import type { DataApi } from '../lib/data-api.js';
import type { RunSummary } from '../lib/ingest-run.js';

const cut = (text: unknown, n: number) => {
  const s = String(text ?? '').replace(/\s+/g, ' ');
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
};

const DEMO_POSTS = [
  {
    username: 'ines.marlow',
    caption: "Tide's out 🐚",
    image: 'https://img.tidepool.example/p/4187.jpg',
  },
  { username: 'tomasz', caption: 'pier at dusk', image: null },
];

/**
 * Two local posts written by local users (created on the first demo), as
 * the app backend would send them to publish.
 */
export async function ensureLocalPosts(db: DataApi) {
  const select = {
    name: 'demoLocalPosts',
    sql: `SELECT p.post_id, u.username, p.caption, p.image_url FROM posts p
          JOIN users u USING (user_id) WHERE p.source_site IS NULL
          ORDER BY p.post_id LIMIT 2`,
  };
  if ((await db.query(select)).length < DEMO_POSTS.length) {
    for (const post of DEMO_POSTS) {
      // Two plain statements rather than a NULL test on a parameter, which
      // PostgreSQL cannot type and MySQL spells differently.
      const sql = post.image
        ? `INSERT INTO posts (user_id, caption, image_url, content_type)
           SELECT user_id, :caption, :image, 'image' FROM users
           WHERE username = :username`
        : `INSERT INTO posts (user_id, caption, content_type)
           SELECT user_id, :caption, 'text' FROM users
           WHERE username = :username`;
      await db.query({ name: 'demoInsertLocalPost', sql }, post);
    }
  }
  return (await db.query(select)).map(([postId, username, caption, image]) => ({
    post_id: String(postId),
    username,
    post_text: caption,
    ...(image !== null && { image_url: image }),
  }));
}

/** Print the run's outcome counts and what is now in the database. */
export async function printDemoSummary(
  db: DataApi,
  run: RunSummary,
): Promise<void> {
  const c = run.counts;
  console.log(`\n  Run ${run.runId} ended: ${run.endReason}`);
  console.log(`  consumed ${c.consumed} records:`);
  console.log(`    inserted          ${c.inserted}`);
  console.log(`    duplicate         ${c.duplicate}`);
  console.log(`    skipped_own_site  ${c.skipped_own_site}`);
  console.log(`    quarantined       ${c.quarantined}`);
  if (c.consumed === 0 || c.inserted === 0) {
    console.log('\n  Nothing new was inserted: every post was already stored.');
  }
  const posts = await db.query({
    name: 'demoRecentPosts',
    sql: `SELECT p.source_site, p.original_post_id, p.foreign_author, u.username,
            p.content_type, p.caption FROM posts p JOIN users u USING (user_id)
          WHERE p.source_site IS NOT NULL ORDER BY p.post_id LIMIT 5`,
  });
  const total = await db.query({
    name: 'demoCountPosts',
    sql: 'SELECT count(*) FROM posts WHERE source_site IS NOT NULL',
  });
  console.log(`\n  Foreign posts stored: ${total[0]?.[0]} (first five below)`);
  for (const [site, id, author, owner, type, text] of posts) {
    console.log(
      `    ${site}/${cut(id, 24)} by ${author} → local user ${owner} [${type}] "${cut(text, 40)}"`,
    );
  }
  const reasons = await db.query({
    name: 'demoQuarantineReasons',
    sql: `SELECT reason, count(*) FROM ingest_quarantine GROUP BY reason ORDER BY 2 DESC, 1`,
  });
  console.log(
    '\n  Quarantined records are kept whole in table ingest_quarantine:',
  );
  for (const [reason, n] of reasons)
    console.log(`    ${String(reason).padEnd(24)} ${n}`);
  console.log(
    '\n  Inspect them: npm run cli -- quarantine list --local (then: quarantine show ID --local)',
  );
  console.log(
    '  Lag, run history and quarantine at a glance: npm run cli -- status --local',
  );
  console.log('  Stop the stack with: npm run stack:down');
}
