import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LocalStackError } from './detached.js';
import { kafkaCacheDir, kafkaVersion, log4jVersion } from './settings.js';

const installHint =
  'Install a JDK 17+ and Maven, e.g. ' +
  '`sudo apt-get install openjdk-17-jdk-headless maven` (Debian/Ubuntu).';

/** Major Java version from `java -version` output ("1.8.0" is 8). */
export function parseJavaMajor(versionOutput: string): number | null {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(versionOutput);
  if (match === null) return null;
  const major = Number(match[1]);
  return major === 1 ? Number(match[2]) : major;
}

/**
 * Check that `java` (17 or newer) and `mvn` are on the PATH.
 * @throws LocalStackError naming what to install.
 */
export function checkPrerequisites(): void {
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (java.error !== undefined) {
    throw new LocalStackError(`\`java\` was not found. ${installHint}`);
  }
  const major = parseJavaMajor(`${java.stderr}${java.stdout}`);
  if (major === null || major < 17) {
    throw new LocalStackError(
      `Kafka ${kafkaVersion} needs Java 17 or newer, found ` +
        `${major ?? 'an unknown version'}. ${installHint}`,
    );
  }
  const mvn = spawnSync('mvn', ['-v'], { encoding: 'utf8' });
  if (mvn.error !== undefined || mvn.status !== 0) {
    throw new LocalStackError(`\`mvn\` was not found. ${installHint}`);
  }
}

function renderPom(): string {
  const dep = (group: string, artifact: string, version: string) =>
    `<dependency><groupId>${group}</groupId>` +
    `<artifactId>${artifact}</artifactId><version>${version}</version>` +
    '</dependency>';
  return `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.instalite</groupId>
  <artifactId>kafka-runtime</artifactId>
  <version>${kafkaVersion}</version>
  <packaging>pom</packaging>
  <dependencies>
    ${dep('org.apache.kafka', 'kafka_2.13', kafkaVersion)}
    ${dep('org.apache.logging.log4j', 'log4j-slf4j-impl', log4jVersion)}
    ${dep('org.apache.logging.log4j', 'log4j-core', log4jVersion)}
  </dependencies>
</project>
`;
}

/**
 * Fetch the Kafka broker jars and their runtime dependencies from Maven
 * Central into the cache, once. Returns the directory holding the jars.
 * @throws LocalStackError if a prerequisite is missing or Maven fails.
 */
export function ensureKafkaJars(
  progress: (line: string) => void = console.log,
): string {
  const cacheDir = kafkaCacheDir();
  const libs = join(cacheDir, 'libs');
  // Written last, so an interrupted fetch is redone from scratch.
  const doneMarker = join(cacheDir, '.complete');
  if (existsSync(doneMarker)) return libs;
  checkPrerequisites();
  progress(
    `fetching Kafka ${kafkaVersion} jars from Maven Central (once) ` +
      `into ${cacheDir}…`,
  );
  const started = Date.now();
  mkdirSync(cacheDir, { recursive: true });
  rmSync(libs, { recursive: true, force: true });
  writeFileSync(join(cacheDir, 'pom.xml'), renderPom());
  const mvn = spawnSync(
    'mvn',
    [
      '-q',
      '-B',
      'dependency:copy-dependencies',
      '-DincludeScope=runtime',
      '-DoutputDirectory=libs',
    ],
    { cwd: cacheDir, encoding: 'utf8' },
  );
  if (mvn.status !== 0) {
    throw new LocalStackError(
      `Maven could not fetch Kafka ${kafkaVersion} (exit ${mvn.status}):\n` +
        `${mvn.stdout}${mvn.stderr}`.trim(),
    );
  }
  writeFileSync(doneMarker, `${new Date().toISOString()}\n`);
  progress(
    `fetched Kafka jars in ${Math.round((Date.now() - started) / 1000)} s`,
  );
  return libs;
}
