import { decodeStreamRecord } from '../../lib/publish-stream.js';
import {
  capturedStreamEvent,
  insertRecord,
} from '../helpers/publish-events.js';

const [insert, modify, remove] = capturedStreamEvent().Records;

describe('decodeStreamRecord', () => {
  it('takes the post id and sequence number of a captured INSERT', () => {
    // Prepare / Act
    const item = decodeStreamRecord(insert);
    // Assert
    expect(item).toEqual({
      kind: 'post',
      seq: '111000000000000000000001',
      postId: '4187',
    });
  });

  it.each([
    ['MODIFY', modify],
    ['REMOVE', remove],
    ['an ingested post', insertRecord('5', '9', { source_site: { S: 'g58' } })],
  ])('ignores %s', (_label, record) => {
    // Prepare / Act
    const item = decodeStreamRecord(record);
    // Assert
    expect(item.kind).toBe('ignore');
  });

  it.each([
    ['a non-numeric post_id', insertRecord('abc', '7'), 'post_id'],
    [
      'a KEYS_ONLY stream',
      { ...insert, dynamodb: { ...insert?.dynamodb, NewImage: undefined } },
      'NewImage',
    ],
    [
      'no sequence number',
      {
        ...insert,
        dynamodb: { ...insert?.dynamodb, SequenceNumber: undefined },
      },
      'SequenceNumber',
    ],
  ])('marks %s as bad, saying why', (_label, record, why) => {
    // Prepare / Act
    const item = decodeStreamRecord(record);
    // Assert
    expect(item).toMatchObject({
      kind: 'bad',
      why: expect.stringContaining(why),
    });
  });
});
