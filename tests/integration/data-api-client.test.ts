import { startIngestProcess } from '../helpers/ingest-process.js';

// In its own process: under jest, Node's socket errors come from another
// realm and the SDK wraps them, so the failure class differs from Lambda's.
describe('ingest against an unreachable Data API', () => {
  it('fails in seconds, not after its five-minute budget, naming the cause', async () => {
    // Prepare: nothing listens on port 1, so every Data API call is refused.
    const env = {
      DATA_API_ENDPOINT: 'http://127.0.0.1:1',
      INGEST_TOPICS: 'FederatedPosts',
    };
    // Act
    const outcome = await startIngestProcess(env, 60_000).ended;
    // Assert: a refused connection is tried a few times, not until the
    // deadline; recording the failed run is bounded the same way.
    expect(outcome.code).toBe(1);
    expect(outcome.ms).toBeLessThan(20_000);
    expect(outcome.output).toMatchObject({
      error: { name: 'DatabaseError' },
    });
    expect(String(JSON.stringify(outcome.output))).toContain('ECONNREFUSED');
  }, 45_000);
});
