import { setTimeout as delay } from 'node:timers/promises';

/**
 * Poll `predicate` until it returns true, every `intervalMs`.
 * @throws Error naming `what` if it is still false after `timeoutMs`.
 */
export async function waitFor(
  predicate: () => boolean | Promise<boolean>,
  timeoutMs: number,
  { intervalMs = 50, what = 'condition' } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() >= deadline) {
      throw new Error(`waitFor: ${what} not met within ${timeoutMs} ms`);
    }
    await delay(intervalMs);
  }
}
