import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONFIG_ENV_NAMES } from '../../lib/config.js';

// `serverless package` (offline) on a copy of the service with stand-in
// bundles, so the test never races `npm run build` for dist/; assertions are
// on the generated CloudFormation template, as deployed.
const repo = process.cwd();
const serverlessBin = join(repo, 'node_modules/serverless/bin/serverless.js');
const workDirs: string[] = [];
afterAll(() => {
  for (const dir of workDirs) rmSync(dir, { recursive: true, force: true });
});

const mskCluster =
  'arn:aws:kafka:eu-west-1:123456789012:cluster/instalite/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0-2';
const prodParams = {
  kafkaAuth: 'aws-msk-iam',
  mskClusterArn: mskCluster,
  kafkaTlsCaSecretArn:
    'arn:aws:secretsmanager:eu-west-1:123456789012:secret:ca-GhIjKl',
  kafkaSecretKmsKeyArn:
    'arn:aws:kms:eu-west-1:123456789012:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0',
  ingestTopics: 'FederatedPosts,Twitter-Kafka',
  publishTopic: 'FederatedPosts',
  kafkaGroupId: 'tidepool-prod',
  dbResourceArn: 'arn:aws:rds:eu-west-1:123456789012:cluster:instalite',
  dbSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf',
  vpcSubnetIds: 'subnet-0a,subnet-0b',
  vpcSecurityGroupIds: 'sg-0c',
  ingestBudgetMs: '600000',
  ingestScheduleEnabled: 'false',
};

interface Template {
  Resources: Record<string, { Type: string; Properties: Props }>;
}
type Props = Record<string, unknown>;
interface Statement {
  Action: string | string[];
  Resource: unknown;
}

function packageService(params: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'sls-package-'));
  workDirs.push(dir);
  for (const file of ['serverless.yml', 'config.json', 'deploy/stage.cjs']) {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    copyFileSync(join(repo, file), join(dir, file));
  }
  for (const fn of ['publish', 'ingest']) {
    mkdirSync(join(dir, 'dist', fn, 'lazy'), { recursive: true });
    writeFileSync(join(dir, 'dist', fn, 'index.js'), 'exports.handler=1;\n');
    writeFileSync(join(dir, 'dist', fn, 'lazy', 'chunk.js'), '\n');
  }
  const args = Object.entries(params).map(([k, v]) => `--param=${k}=${v}`);
  execFileSync(
    process.execPath,
    [
      serverlessBin,
      'package',
      '--stage',
      'prod',
      '--region',
      'eu-west-1',
    ].concat(['--package', join(dir, 'out'), ...args]),
    { cwd: dir, stdio: 'pipe' },
  );
  const out = join(dir, 'out');
  const template: Template = JSON.parse(
    readFileSync(
      join(out, 'cloudformation-template-update-stack.json'),
      'utf8',
    ),
  );
  return { template, out };
}

const byType = (t: Template, type: string) =>
  Object.entries(t.Resources).filter(([, r]) => r.Type === type);
const fn = (t: Template, name: string): Props => {
  const resource = t.Resources[name];
  if (!resource) throw new Error(`no resource ${name}`);
  return resource.Properties;
};
function statementsOf(t: Template, role: string): Statement[] {
  const policies = fn(t, role).Policies as {
    PolicyDocument: { Statement: Statement[] };
  }[];
  return policies.flatMap((p) => p.PolicyDocument.Statement);
}
const actionsOf = (statements: Statement[]) =>
  statements.flatMap((s) => [s.Action].flat());
const grantFor = (statements: Statement[], action: string) =>
  statements.find((s) => [s.Action].flat().includes(action))?.Resource;

// File names in a zip, from its central directory (no unzip tool needed).
function zipEntries(file: string): string[] {
  const zip = readFileSync(file);
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    const nameLength = zip.readUInt16LE(at + 28);
    const skip =
      nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    names.push(zip.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + skip;
  }
  return names.sort();
}

describe('serverless package (default placeholders)', () => {
  let template: Template;
  let out: string;
  beforeAll(() => {
    ({ template, out } = packageService({}));
  }, 120_000);

  it('packages each function from its own bundle', () => {
    // Prepare / Act
    const publish = zipEntries(join(out, 'publish.zip'));
    const ingest = zipEntries(join(out, 'ingest.zip'));
    // Assert
    expect(publish.sort()).toEqual([
      'config.json',
      'dist/publish/index.js',
      'dist/publish/lazy/chunk.js',
    ]);
    expect(ingest.sort()).toEqual([
      'config.json',
      'dist/ingest/index.js',
      'dist/ingest/lazy/chunk.js',
    ]);
  });

  it('runs both functions on nodejs22.x, arm64, with their own roles', () => {
    // Prepare / Act
    const functions = byType(template, 'AWS::Lambda::Function');
    // Assert
    expect(functions.map(([name]) => name).sort()).toEqual([
      'IngestLambdaFunction',
      'PublishLambdaFunction',
    ]);
    for (const [, { Properties }] of functions) {
      expect(Properties.Runtime).toBe('nodejs22.x');
      expect(Properties.Architectures).toEqual(['arm64']);
    }
    expect(fn(template, 'IngestLambdaFunction').Role).toEqual({
      'Fn::GetAtt': ['IngestRole', 'Arn'],
    });
    expect(fn(template, 'PublishLambdaFunction').Role).toEqual({
      'Fn::GetAtt': ['PublishRole', 'Arn'],
    });
    expect(template.Resources.IamRoleLambdaExecution).toBeUndefined();
  });

  it('runs ingest hourly, one at a time, within a timeout above its budget', () => {
    // Prepare
    const ingest = fn(template, 'IngestLambdaFunction');
    const rules = byType(template, 'AWS::Events::Rule').map(([, r]) => r);
    // Act
    const timeoutMs = Number(ingest.Timeout) * 1000;
    // Assert
    expect(ingest.ReservedConcurrentExecutions).toBe(1);
    expect(timeoutMs).toBeGreaterThanOrEqual(300_000 + 15_000 + 30_000);
    expect(timeoutMs).toBeLessThanOrEqual(900_000);
    expect(rules.map((r) => r.Properties.ScheduleExpression).sort()).toEqual([
      'rate(1 hour)',
      'rate(10 minutes)',
    ]);
    expect(rules.every((r) => r.Properties.State === 'ENABLED')).toBe(true);
  });

  it('sends a failed ingest run, after one retry, to the IngestFailures queue', () => {
    // Prepare / Act
    const config = fn(template, 'IngestLambdaEvConf');
    // Assert
    expect(template.Resources.IngestFailures?.Type).toBe('AWS::SQS::Queue');
    expect(config).toMatchObject({
      MaximumRetryAttempts: 1,
      DestinationConfig: {
        OnFailure: { Destination: { 'Fn::GetAtt': ['IngestFailures', 'Arn'] } },
      },
    });
  });

  it('sets only environment variables that lib/config.ts reads', () => {
    // Prepare
    const known = new Set<string>(CONFIG_ENV_NAMES);
    // Act
    const names = byType(template, 'AWS::Lambda::Function').flatMap(([, r]) =>
      Object.keys(
        (r.Properties.Environment as { Variables: object }).Variables,
      ),
    );
    // Assert
    expect(names.filter((name) => !known.has(name))).toEqual([]);
    expect(names).toEqual(expect.arrayContaining(['KAFKA_AUTH', 'SITE_ID']));
  });

  it('keeps logs 30 days', () => {
    // Prepare / Act
    const groups = byType(template, 'AWS::Logs::LogGroup');
    // Assert
    expect(groups).toHaveLength(2);
    for (const [, g] of groups) expect(g.Properties.RetentionInDays).toBe(30);
  });

  it('grants no wildcard action and no unscoped resource', () => {
    // Prepare
    const roles = byType(template, 'AWS::IAM::Role').map(([name]) => name);
    // Act
    const statements = roles.flatMap((role) => statementsOf(template, role));
    const resources = statements.flatMap((s) => [s.Resource].flat());
    // Assert
    expect(roles.sort()).toEqual(['IngestRole', 'PublishRole']);
    expect(actionsOf(statements).filter((a) => a.includes('*'))).toEqual([]);
    expect(resources).not.toContain('*');
    for (const resource of resources) {
      const text = JSON.stringify(resource);
      // Only log streams of the function's own log group are a wildcard.
      if (text.includes('*'))
        expect(text).toMatch(/log-group:\/aws\/lambda\/[^*]+:\*"/);
    }
  });

  it('grants the Data API on the one cluster and no Kafka or VPC access', () => {
    // Prepare
    const ingest = statementsOf(template, 'IngestRole');
    // Act
    const actions = actionsOf(ingest);
    // Assert
    expect(grantFor(ingest, 'rds-data:ExecuteStatement')).toBe(
      'arn:aws:rds:us-east-1:000000000000:cluster:instalite',
    );
    expect(actions.filter((a) => a.startsWith('rds-data:'))).toEqual([
      'rds-data:ExecuteStatement',
    ]);
    expect(actions.some((a) => a.startsWith('kafka-cluster:'))).toBe(false);
    expect(fn(template, 'IngestRole').ManagedPolicyArns).toEqual([]);
    expect(fn(template, 'IngestLambdaFunction').VpcConfig).toBeUndefined();
  });
});

describe('serverless package (MSK IAM, VPC, paused schedule)', () => {
  let template: Template;
  beforeAll(() => {
    ({ template } = packageService(prodParams));
  }, 120_000);

  it('derives the ingest timeout from the budget and pauses the schedule', () => {
    // Prepare
    const ingest = fn(template, 'IngestLambdaFunction');
    const [rule] = byType(template, 'AWS::Events::Rule')
      .filter(([name]) => name.startsWith('Ingest'))
      .map(([, r]) => r);
    // Act / Assert
    expect(ingest.Timeout).toBe(600 + 15 + 45);
    expect(rule?.Properties.State).toBe('DISABLED');
  });

  it('scopes MSK IAM grants to the cluster, the topics and the group', () => {
    // Prepare
    const ingest = statementsOf(template, 'IngestRole');
    const publish = statementsOf(template, 'PublishRole');
    const topic = (name: string) =>
      `${mskCluster.replace(':cluster/', ':topic/')}/${name}`;
    // Act / Assert
    expect(grantFor(ingest, 'kafka-cluster:Connect')).toBe(mskCluster);
    expect(grantFor(ingest, 'kafka-cluster:ReadData')).toEqual([
      topic('FederatedPosts'),
      topic('Twitter-Kafka'),
    ]);
    expect(grantFor(ingest, 'kafka-cluster:AlterGroup')).toEqual([
      `${mskCluster.replace(':cluster/', ':group/')}/tidepool-prod`,
    ]);
    expect(actionsOf(ingest)).not.toContain('kafka-cluster:WriteData');
    expect(grantFor(publish, 'kafka-cluster:WriteData')).toEqual([
      topic('FederatedPosts'),
    ]);
    expect(actionsOf(publish)).not.toContain('kafka-cluster:ReadData');
    expect(actionsOf(publish)).not.toContain('kafka-cluster:AlterGroup');
  });

  it('reads only the named secrets, decrypting with their key', () => {
    // Prepare / Act
    const granted = grantFor(
      statementsOf(template, 'IngestRole'),
      'secretsmanager:GetSecretValue',
    );
    const kms = grantFor(statementsOf(template, 'IngestRole'), 'kms:Decrypt');
    // Assert
    expect(granted).toEqual([
      prodParams.dbSecretArn,
      prodParams.kafkaTlsCaSecretArn,
    ]);
    expect(kms).toBe(prodParams.kafkaSecretKmsKeyArn);
  });

  it('puts both functions in the VPC with the managed ENI policy', () => {
    // Prepare / Act
    const vpc = fn(template, 'IngestLambdaFunction').VpcConfig;
    // Assert
    expect(vpc).toEqual({
      SubnetIds: ['subnet-0a', 'subnet-0b'],
      SecurityGroupIds: ['sg-0c'],
    });
    expect(fn(template, 'PublishLambdaFunction').VpcConfig).toEqual(vpc);
    for (const role of ['IngestRole', 'PublishRole'])
      expect(JSON.stringify(fn(template, role).ManagedPolicyArns)).toContain(
        'AWSLambdaVPCAccessExecutionRole',
      );
  });

  it('refuses a budget that no Lambda timeout can hold', () => {
    // Prepare
    let output = '';
    // Act
    try {
      packageService({ ingestBudgetMs: '900000' });
    } catch (error: unknown) {
      output = ['message', 'stdout', 'stderr']
        .map((key) => String(Reflect.get(Object(error), key) ?? ''))
        .join('\n');
    }
    // Assert
    expect(output).toContain(
      'ingest needs a 960 s timeout; Lambda allows 900 s',
    );
  });
});
