import {
  KafkaJSConnectionError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
  KafkaJSSASLAuthenticationError,
} from 'kafkajs';
import { KafkaConsumeError } from '../../lib/errors.js';
import {
  classifyKafkaError,
  explainKafkaError,
} from '../../lib/kafka-errors.js';

// kafkajs sets `type` from the broker's error code; its typings omit it.
const protocol = (type: string) =>
  Object.assign(new KafkaJSProtocolError(type), { type });

describe('classifyKafkaError', () => {
  it.each([
    [new KafkaJSConnectionError('connect ECONNREFUSED'), 'unreachable'],
    [
      new KafkaJSNumberOfRetriesExceeded(
        new KafkaJSConnectionError('connect ECONNREFUSED'),
        { retryCount: 3, retryTime: 100 },
      ),
      'unreachable',
    ],
    [protocol('TOPIC_AUTHORIZATION_FAILED'), 'authorisation'],
    [protocol('GROUP_AUTHORIZATION_FAILED'), 'authorisation'],
    // Its typings declare no arguments; at run time it needs a message.
    [
      Reflect.construct(KafkaJSSASLAuthenticationError, ['bad password']),
      'authentication',
    ],
    [protocol('SASL_AUTHENTICATION_FAILED'), 'authentication'],
    [protocol('UNKNOWN_TOPIC_OR_PARTITION'), 'missing_topic'],
    [protocol('REBALANCE_IN_PROGRESS'), 'rebalance'],
    [protocol('UNKNOWN_MEMBER_ID'), 'rebalance'],
    [
      Object.assign(new Error('Failed to find group coordinator'), {
        name: 'KafkaJSGroupCoordinatorNotFound',
      }),
      'group_unavailable',
    ],
    [new TypeError('x is undefined'), 'other'],
  ])('classifies %s as %s', (error, expected) => {
    // Prepare / Act / Assert
    expect(classifyKafkaError(error)).toBe(expected);
  });
});

describe('explainKafkaError', () => {
  it('names the cause and keeps the original error', () => {
    // Prepare
    const error = protocol('TOPIC_AUTHORIZATION_FAILED');
    // Act
    const explained = explainKafkaError(error, 'consumer');
    // Assert
    expect(explained).toBeInstanceOf(KafkaConsumeError);
    expect(explained.message).toContain('authorisation');
    expect(explained.retriable).toBe(false);
    expect(explained.cause).toBe(error);
  });

  it('marks an unreachable broker retriable', () => {
    // Prepare / Act
    const explained = explainKafkaError(
      new KafkaJSConnectionError('connect ECONNREFUSED'),
      'admin',
    );
    // Assert
    expect(explained.retriable).toBe(true);
    expect(explained.message).toContain('KAFKA_BOOTSTRAP_SERVERS');
  });
});
