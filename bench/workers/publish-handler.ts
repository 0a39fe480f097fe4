/**
 * Our publish handler, loaded as a cold start, then warm: one first invoke
 * (connects the producer), `posts` posts in invokes of `batch`, then
 * `singles` one-post invokes timed one by one.
 */
import { makePosts } from '../posts.js';
import { finish, readJob, runWorker } from './worker-io.js';

interface Job {
  readonly firstId: number;
  readonly posts: number;
  readonly batch: number;
  readonly singles: number;
}

const context = (id: string) => ({ awsRequestId: id });

runWorker(async () => {
  const job = readJob<Job>();
  const { handler } = await import('../../functions/publish.js');
  const posts = makePosts(job.posts + job.singles + 1, job.firstId);
  const invoke = async (batch: readonly unknown[], id: string) => {
    const result = await handler([...batch], context(id));
    if (result.sent !== batch.length) {
      throw new Error(`publish sent ${result.sent}/${batch.length}`);
    }
  };
  let t = performance.now();
  await invoke(posts.slice(0, 1), 'first');
  const firstInvokeMs = performance.now() - t;
  t = performance.now();
  for (let i = 1; i <= job.posts; i += job.batch) {
    await invoke(
      posts.slice(i, Math.min(i + job.batch, job.posts + 1)),
      `b${i}`,
    );
  }
  const batchedMs = performance.now() - t;
  const latenciesMs: number[] = [];
  for (let i = job.posts + 1; i < posts.length; i += 1) {
    t = performance.now();
    await invoke(posts.slice(i, i + 1), `s${i}`);
    latenciesMs.push(performance.now() - t);
  }
  finish({ firstInvokeMs, batchedMs, latenciesMs });
});
