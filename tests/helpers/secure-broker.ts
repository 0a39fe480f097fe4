/**
 * A local broker of its own (127.0.0.1:31092…31097: below Linux's ephemeral
 * range 32768–60999, so no outgoing connection can hold them; files in
 * `.stack/kafka-auth/`) with the listeners real clusters offer: SASL/SCRAM-
 * SHA-512 and SASL/PLAIN on plaintext, TLS, and SCRAM on TLS, behind a
 * self-signed CA made with keytool. Passwords are fresh on every start (the
 * storage is formatted with the SCRAM user: `kafka-storage format
 * --add-scram`), and ACLs are enforced (StandardAuthorizer).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startBroker, stopBroker } from '../../local/kafka/broker.js';
import { ensureKafkaJars } from '../../local/kafka/jars.js';
import {
  type BrokerInstance,
  brokerPaths,
  renderServerProperties,
  stackDir,
} from '../../local/kafka/settings.js';
import { newClusterId } from '../../local/kafka/storage.js';

const host = '127.0.0.1';
/** Addresses of each listener; `plaintext` is for admin work only. */
export const secureAddresses = {
  plaintext: `${host}:31092`,
  scram: `${host}:31094`,
  plain: `${host}:31095`,
  tls: `${host}:31096`,
  scramTls: `${host}:31097`,
} as const;

/** A SASL user of the secure broker. */
export interface BrokerUser {
  readonly username: string;
  readonly password: string;
}

/** Credentials and CA of a started secure broker. */
export interface SecureBroker {
  /** SCRAM-SHA-512 super user. */
  readonly scram: BrokerUser;
  /** PLAIN super user. */
  readonly plain: BrokerUser;
  /** PLAIN user with no ACL unless a test grants one. */
  readonly limited: BrokerUser;
  /** PEM of the CA that signed the broker's certificate. */
  readonly caPem: string;
  stop(): Promise<void>;
}

const dir = join(stackDir(), 'kafka-auth');
const quiet = { progress: () => undefined };
const secret = () => randomBytes(12).toString('hex');

function keytool(...args: string[]): void {
  execFileSync('keytool', args, { cwd: dir, stdio: 'pipe' });
}

// CA with basicConstraints, broker certificate for IP 127.0.0.1 signed by
// it, both in the broker's PKCS12 keystore; the CA also as PEM for clients.
function makeTlsMaterial(pass: string): string {
  const key = ['-keyalg', 'RSA', '-keysize', '2048', '-validity', '2'];
  const ca = [
    '-keystore',
    'ca.p12',
    '-storetype',
    'PKCS12',
    '-storepass',
    pass,
  ];
  const broker = [
    ...['-keystore', 'broker.p12', '-storetype', 'PKCS12'],
    ...['-storepass', pass],
  ];
  keytool(
    '-genkeypair',
    '-alias',
    'ca',
    '-dname',
    'CN=instalite-test-ca',
    '-ext',
    'bc:c',
    ...key,
    ...ca,
  );
  keytool('-exportcert', '-rfc', '-alias', 'ca', '-file', 'ca.pem', ...ca);
  keytool(
    '-genkeypair',
    '-alias',
    'broker',
    '-dname',
    'CN=127.0.0.1',
    ...key,
    ...broker,
  );
  keytool('-certreq', '-alias', 'broker', '-file', 'broker.csr', ...broker);
  keytool(
    '-gencert',
    '-alias',
    'ca',
    '-infile',
    'broker.csr',
    '-outfile',
    'broker.crt',
    '-rfc',
    '-validity',
    '2',
    '-ext',
    'SAN=IP:127.0.0.1,DNS:localhost',
    ...ca,
  );
  keytool(
    '-importcert',
    '-noprompt',
    '-alias',
    'ca',
    '-file',
    'ca.pem',
    ...broker,
  );
  keytool('-importcert', '-alias', 'broker', '-file', 'broker.crt', ...broker);
  return readFileSync(join(dir, 'ca.pem'), 'utf8');
}

function instanceFor(users: {
  plain: BrokerUser;
  limited: BrokerUser;
  scram: BrokerUser;
  storePass: string;
}): BrokerInstance {
  const { plain, limited, scram, storePass } = users;
  const listeners = {
    PLAINTEXT: secureAddresses.plaintext,
    SCRAM: secureAddresses.scram,
    PLAIN: secureAddresses.plain,
    SSL: secureAddresses.tls,
    SCRAMTLS: secureAddresses.scramTls,
  };
  const advertised = Object.entries(listeners)
    .map(([name, address]) => `${name}://${address}`)
    .join(',');
  const scramLogin =
    'org.apache.kafka.common.security.scram.ScramLoginModule required;';
  return {
    host,
    port: 31092,
    controllerPort: 31093,
    dir,
    extraProperties: {
      listeners: `${advertised},CONTROLLER://${host}:31093`,
      'advertised.listeners': advertised,
      'listener.security.protocol.map': [
        'CONTROLLER:PLAINTEXT',
        'PLAINTEXT:PLAINTEXT',
        'SCRAM:SASL_PLAINTEXT',
        'PLAIN:SASL_PLAINTEXT',
        'SSL:SSL',
        'SCRAMTLS:SASL_SSL',
      ].join(','),
      'listener.name.scram.sasl.enabled.mechanisms': 'SCRAM-SHA-512',
      'listener.name.scram.scram-sha-512.sasl.jaas.config': scramLogin,
      'listener.name.scramtls.sasl.enabled.mechanisms': 'SCRAM-SHA-512',
      'listener.name.scramtls.scram-sha-512.sasl.jaas.config': scramLogin,
      'listener.name.plain.sasl.enabled.mechanisms': 'PLAIN',
      'listener.name.plain.plain.sasl.jaas.config':
        'org.apache.kafka.common.security.plain.PlainLoginModule required ' +
        `user_${plain.username}="${plain.password}" ` +
        `user_${limited.username}="${limited.password}";`,
      'ssl.keystore.location': join(dir, 'broker.p12'),
      'ssl.keystore.type': 'PKCS12',
      'ssl.keystore.password': storePass,
      'ssl.key.password': storePass,
      'ssl.client.auth': 'none',
      'authorizer.class.name':
        'org.apache.kafka.metadata.authorizer.StandardAuthorizer',
      // The admin listener and the controller are anonymous.
      'super.users': [
        'User:ANONYMOUS',
        `User:${scram.username}`,
        `User:${plain.username}`,
      ].join(';'),
    },
  };
}

// Formatted here, not by the launcher, so the SCRAM user exists from the
// start; the launcher then sees a formatted directory and only starts.
function formatWithScram(instance: BrokerInstance, scram: BrokerUser): void {
  const paths = brokerPaths(instance);
  mkdirSync(paths.dataDir, { recursive: true });
  writeFileSync(
    paths.serverProperties,
    renderServerProperties(paths.dataDir, instance),
  );
  const libs = ensureKafkaJars(() => undefined);
  const clusterId = newClusterId();
  const credential = `SCRAM-SHA-512=[name=${scram.username},password=${scram.password}]`;
  execFileSync(
    'java',
    ['-Xmx256m', '-cp', join(libs, '*'), 'kafka.tools.StorageTool', 'format']
      .concat(['--cluster-id', clusterId, '--config', paths.serverProperties])
      .concat(['--add-scram', credential]),
    { stdio: 'pipe' },
  );
}

/**
 * Start the secure broker on fresh storage with fresh passwords. Any
 * earlier instance of it is stopped and its files removed first.
 */
export async function startSecureBroker(): Promise<SecureBroker> {
  const users = {
    scram: { username: 'alice', password: secret() },
    plain: { username: 'paul', password: secret() },
    limited: { username: 'bob', password: secret() },
    storePass: secret(),
  };
  const instance = instanceFor(users);
  await stopBroker({ ...quiet, instance });
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const caPem = makeTlsMaterial(users.storePass);
  formatWithScram(instance, users.scram);
  await startBroker({ ...quiet, instance, timeoutMs: 90_000 });
  return {
    ...users,
    caPem,
    stop: () => stopBroker({ ...quiet, instance }),
  };
}
