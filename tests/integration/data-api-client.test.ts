import { startIngestProcess } from '../helpers/ingest-process.js';

// In its own process: under jest, Node's socket errors come from another
// realm and the SDK wraps them, so the failure class differs from Lambda's.
describe('ingest against an unreachable Data API', () => {
  it('fails and exits once its retry windows end (they never slid on)', async () => {
    // Prepare: nothing listens on port 1, so every Data API call fails.
    const env = {
      DATA_API_ENDPOINT: 'http://127.0.0.1:1',
      INGEST_BUDGET_MS: '3000',
      INGEST_SHUTDOWN_MARGIN_MS: '1000',
      INGEST_TOPICS: 'FederatedPosts',
    };
    // Act
    const outcome = await startIngestProcess(env, 60_000).ended;
    // Assert: the listing of users fails at the run deadline, recording
    // the failed run is bounded, and the process exits with the cause.
    expect(outcome.code).toBe(1);
    expect(outcome.output).toMatchObject({
      error: { name: 'DatabaseError' },
    });
    expect(String(JSON.stringify(outcome.output))).toContain('ECONNREFUSED');
  }, 45_000);
});
