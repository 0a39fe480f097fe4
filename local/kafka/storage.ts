import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LocalStackError } from './detached.js';
import {
  type BrokerInstance,
  brokerPaths,
  defaultBrokerInstance,
  renderLog4jProperties,
  renderServerProperties,
} from './settings.js';

/**
 * A new Kafka cluster id: 16 random bytes in URL-safe base64, no padding.
 * One that starts with '-' is drawn again, as Kafka's own Uuid.randomUuid
 * does: kafka-storage would read it as an option and fail the format.
 */
export function newClusterId(
  draw: () => Buffer = () => randomBytes(16),
): string {
  for (;;) {
    const id = draw().toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

function formatStorage(
  libs: string,
  progress: (line: string) => void,
  instance: BrokerInstance,
) {
  const paths = brokerPaths(instance);
  // Formatted once; later starts reuse the data (topics, offsets, groups).
  if (existsSync(join(paths.dataDir, 'meta.properties'))) return;
  progress(`formatting Kafka storage in ${paths.dataDir}`);
  const clusterId = newClusterId();
  // Static quorum (controller.quorum.voters), so --cluster-id, not
  // --standalone, which is only for a dynamic quorum (KIP-853).
  const result = spawnSync(
    'java',
    ['-Xmx256m', '-cp', join(libs, '*'), 'kafka.tools.StorageTool']
      .concat(['format', '--cluster-id', clusterId])
      .concat(['--config', paths.serverProperties, '--ignore-formatted']),
    { encoding: 'utf8' },
  );
  if (result.status !== 0) {
    throw new LocalStackError(
      `kafka-storage format failed:\n${result.stdout}${result.stderr}`,
    );
  }
}

/**
 * Write server.properties and the log4j2 config, and format the data
 * directory unless it already holds a cluster.
 * @throws LocalStackError if formatting fails.
 */
export function prepareBrokerFiles(
  libs: string,
  progress: (line: string) => void,
  instance: BrokerInstance = defaultBrokerInstance(),
): void {
  const paths = brokerPaths(instance);
  mkdirSync(paths.dataDir, { recursive: true });
  writeFileSync(
    paths.serverProperties,
    renderServerProperties(paths.dataDir, instance),
  );
  writeFileSync(paths.log4jProperties, renderLog4jProperties());
  formatStorage(libs, progress, instance);
}
