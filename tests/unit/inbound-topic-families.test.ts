import {
  DEFAULT_TOPIC_FAMILIES,
  parseTopicFamilies,
} from '../../lib/inbound/decode.js';

describe('parseTopicFamilies', () => {
  it('parses the default text', () => {
    // Prepare
    const text = DEFAULT_TOPIC_FAMILIES;
    // Act
    const pins = parseTopicFamilies(text);
    // Assert
    expect([...pins]).toEqual([
      ['FederatedPosts', 'federated'],
      ['Bluesky-Kafka', 'bluesky'],
      ['Twitter-Kafka', 'twitter'],
    ]);
  });

  it.each([
    ['', []],
    ['  ', []],
    [
      ' test-fed-1 = federated , test.tw_2=twitter ',
      [
        ['test-fed-1', 'federated'],
        ['test.tw_2', 'twitter'],
      ],
    ],
  ])('parses %j', (text, expected) => {
    // Prepare
    const input = text;
    // Act
    const pins = parseTopicFamilies(input);
    // Assert
    expect([...pins]).toEqual(expected);
  });

  it.each([
    ['a missing family', 'FederatedPosts', /entry 1 .* is not topic=family/],
    ['two equals signs', 'a=b=federated', /is not topic=family/],
    [
      'an unknown family',
      'T=mastodon',
      /family must be one of federated, bluesky, twitter/,
    ],
    ['a family in the wrong case', 'T=Federated', /family must be one of/],
    ['an empty topic', '=federated', /invalid Kafka topic name/],
    ['a topic with a space', 'my topic=federated', /invalid Kafka topic name/],
    [
      'an empty entry',
      'A=federated,,B=twitter',
      /entry 2 .* is not topic=family/,
    ],
    ['a trailing comma', 'A=federated,', /entry 2/],
    [
      'a topic pinned twice',
      'A=federated,A=bluesky',
      /pins topic A a second time/,
    ],
  ])('rejects %s', (_name, text, message) => {
    // Prepare
    const parse = () => parseTopicFamilies(text);
    // Act
    const act = expect(parse);
    // Assert
    act.toThrow(Error);
    act.toThrow(message);
  });

  it('names every bad entry in one error', () => {
    // Prepare
    const text = 'A=x,B=y';
    // Act
    const parse = () => parseTopicFamilies(text);
    // Assert
    expect(parse).toThrow(/entry 1 .*; entry 2 /);
  });
});
