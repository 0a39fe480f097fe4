import { existsSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { Kafka, logLevel } from 'kafkajs';
import {
  addressOf,
  type BrokerInstance,
  defaultBrokerInstance,
} from './settings.js';

/** Whether the broker (default 127.0.0.1:9092) answers an admin listTopics. */
export async function isBrokerReady(
  timeoutMs = 2000,
  instance: BrokerInstance = defaultBrokerInstance(),
): Promise<boolean> {
  const kafka = new Kafka({
    clientId: 'local-stack-probe',
    brokers: [addressOf(instance)],
    connectionTimeout: timeoutMs,
    requestTimeout: timeoutMs,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.listTopics();
    return true;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** Whether anything accepts TCP connections on the broker port. */
export function isBrokerPortOpen(
  instance: BrokerInstance = defaultBrokerInstance(),
): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: instance.host, port: instance.port });
    socket.setTimeout(500);
    const done = (isOpen: boolean) => {
      socket.destroy();
      resolve(isOpen);
    };
    socket.on('connect', () => done(true));
    socket.on('error', () => done(false));
    socket.on('timeout', () => done(false));
  });
}

/** The last `lines` lines of a log file, for error messages. */
export function tailOf(file: string, lines = 15): string {
  if (!existsSync(file)) return '';
  const text = readFileSync(file, 'utf8').trimEnd();
  return text.split('\n').slice(-lines).join('\n');
}
