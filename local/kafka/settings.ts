import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * Kafka release run by the local stack. 4.4.0 is the newest release on Maven
 * Central and kafkajs 2.2.4 works against it: every API kafkajs uses still has
 * a version it speaks after KIP-896 removed the old ones (checked by
 * tests/integration/kafka-broker.test.ts).
 */
export const kafkaVersion = '4.4.0';

/** log4j2 backend; Kafka 4.x logs through slf4j 1.7, hence log4j-slf4j-impl. */
export const log4jVersion = '2.25.5';

/** Client-facing listener of the local broker. */
export const brokerHost = '127.0.0.1';
/** Client-facing port of the local broker. */
export const brokerPort = 9092;
/** `host:port` for kafkajs `brokers`. */
export const brokerAddress = `${brokerHost}:${brokerPort}`;
/** KRaft controller listener port (combined broker+controller node). */
export const controllerPort = 9093;

/** Nearest ancestor of `start` holding a package.json: the repo root. */
export function findRepoRoot(start: string = process.cwd()): string {
  let dir = start;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) return start;
    dir = parent;
  }
  return dir;
}

/** Runtime state of the local stack (gitignored `.stack/` in the repo). */
export function stackDir(): string {
  return process.env.STACK_DIR ?? join(findRepoRoot(), '.stack');
}

/** Lock held while a stack component starts or stops (see lock.ts). */
export function stackLockDir(): string {
  return join(stackDir(), 'stack.lock');
}

/** Where the Kafka jars are fetched once, outside the repo. */
export function kafkaCacheDir(): string {
  return (
    process.env.KAFKA_CACHE_DIR ??
    join(homedir(), '.cache', 'instalite-bridge', `kafka-${kafkaVersion}`)
  );
}

/**
 * One broker instance: where it listens and keeps its files. The stack's
 * broker is the default; the fault suite runs another one it may kill.
 */
export interface BrokerInstance {
  readonly host: string;
  readonly port: number;
  readonly controllerPort: number;
  readonly dir: string;
  /** server.properties entries that override the defaults below. */
  readonly extraProperties?: Readonly<Record<string, string | number>>;
}

/** The local stack's broker: 127.0.0.1:9092, files in `.stack/kafka/`. */
export function defaultBrokerInstance(): BrokerInstance {
  return {
    host: brokerHost,
    port: brokerPort,
    controllerPort,
    dir: join(stackDir(), 'kafka'),
  };
}

/** `host:port` of an instance, for kafkajs `brokers`. */
export const addressOf = (instance: BrokerInstance) =>
  `${instance.host}:${instance.port}`;

/** Files of the running broker. Data lives here so it survives restarts. */
export function brokerPaths(instance = defaultBrokerInstance()) {
  const dir = instance.dir;
  return {
    dir,
    dataDir: join(dir, 'data'),
    logFile: join(dir, 'broker.log'),
    pidFile: join(dir, 'broker.pid'),
    serverProperties: join(dir, 'server.properties'),
    log4jProperties: join(dir, 'log4j2.properties'),
  };
}

/** server.properties for a single KRaft node sized for a small machine. */
export function renderServerProperties(
  dataDir: string,
  instance = defaultBrokerInstance(),
): string {
  const { host, controllerPort: cport } = instance;
  const address = addressOf(instance);
  const settings: Record<string, string | number | boolean> = {
    'process.roles': 'broker,controller',
    'node.id': 1,
    'controller.quorum.voters': `1@${host}:${cport}`,
    listeners: `PLAINTEXT://${address},CONTROLLER://${host}:${cport}`,
    'advertised.listeners': `PLAINTEXT://${address}`,
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map':
      'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    'log.dirs': dataDir,
    // The product must fail loudly on a missing topic, as it would on MSK.
    'auto.create.topics.enable': false,
    'num.partitions': 1,
    'default.replication.factor': 1,
    'min.insync.replicas': 1,
    // One node: internal topics cannot have more than one replica. One
    // offsets partition keeps the first group join fast.
    'offsets.topic.replication.factor': 1,
    'offsets.topic.num.partitions': 1,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    'share.coordinator.state.topic.replication.factor': 1,
    'share.coordinator.state.topic.min.isr': 1,
    // Tests join groups constantly; the default 3 s delay only slows them.
    'group.initial.rebalance.delay.ms': 0,
    // After a SIGKILL the restarted node is refused as a duplicate until the
    // old session expires (default 9 s); fault tests restart often.
    'broker.session.timeout.ms': 3000,
    'broker.heartbeat.interval.ms': 500,
    'num.network.threads': 2,
    'num.io.threads': 2,
    'num.recovery.threads.per.data.dir': 1,
    ...instance.extraProperties,
  };
  const lines = Object.entries(settings).map(([k, v]) => `${k}=${v}`);
  return `${lines.join('\n')}\n`;
}

/** log4j2 config: INFO to stdout, which the launcher sends to broker.log. */
export function renderLog4jProperties(): string {
  return [
    'status = warn',
    // Kafka logs its own shutdown from a JVM hook; log4j's hook would close
    // the appender first and lose those lines.
    'shutdownHook = disable',
    'appender.out.type = Console',
    'appender.out.name = STDOUT',
    'appender.out.layout.type = PatternLayout',
    'appender.out.layout.pattern = [%d] %p %m (%c)%n',
    'rootLogger.level = info',
    'rootLogger.appenderRef.out.ref = STDOUT',
    // Per-request and state-change logs are too chatty for a test broker.
    'logger.request.name = kafka.request.logger',
    'logger.request.level = warn',
    'logger.state.name = state.change.logger',
    'logger.state.level = warn',
    // Full config dumps (three per start) would dominate the log.
    'logger.config.name = org.apache.kafka.common.config.AbstractConfig',
    'logger.config.level = warn',
    '',
  ].join('\n');
}
