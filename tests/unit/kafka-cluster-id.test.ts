import { newClusterId } from '../../local/kafka/storage.js';

describe('newClusterId', () => {
  it('is 22 URL-safe base64 characters', () => {
    expect(newClusterId()).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('draws again when the id would start with "-" (kafka-storage reads it as an option)', () => {
    // 0xfb encodes to '-' first in base64url; the second draw starts with 'A'.
    let calls = 0;
    const id = newClusterId(() => Buffer.alloc(16, calls++ === 0 ? 0xfb : 0));
    expect(calls).toBe(2);
    expect(id).toBe(Buffer.alloc(16, 0).toString('base64url'));
    expect(Buffer.alloc(16, 0xfb).toString('base64url').startsWith('-')).toBe(
      true,
    );
  });
});
