import { classifyKafkaError } from './kafka-errors.js';

/**
 * Heartbeat every `intervalMs` while `work` runs: kafkajs heartbeats only
 * when asked, so a Data API call slower than the session timeout would get
 * the member evicted and its commit refused.
 */
export async function withKeepAlive<T>(
  heartbeat: () => Promise<void>,
  intervalMs: number,
  onRebalance: (error: unknown) => void,
  work: () => Promise<T>,
): Promise<T> {
  const timer = setInterval(() => {
    heartbeat().catch((error: unknown) => {
      if (classifyKafkaError(error) === 'rebalance') onRebalance(error);
    });
  }, intervalMs);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}
