/**
 * Values serverless.yml derives from its stage parameters (Serverless v3 JS
 * variable source: `${file(deploy/stage.cjs):name}`), so each function's
 * IAM statements name exact ARNs and the ingest timeout follows its budget.
 * Plain CommonJS: Serverless loads it with require(), before any build.
 */
'use strict';

// Lambda's own ceiling on a function timeout.
const LAMBDA_MAX_TIMEOUT_S = 900;
// Time before ingest's clock starts: cold start, config, the Kafka secret.
const INGEST_STARTUP_SLACK_S = 45;

const list = (text) =>
  String(text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

function fail(message) {
  throw new Error(`serverless.yml stage parameters: ${message}`);
}

// MSK resource ARNs share the cluster's "<name>/<uuid>" suffix:
// arn:aws:kafka:<region>:<account>:{cluster,topic,group}/<name>/<uuid>[/<x>]
// https://docs.aws.amazon.com/msk/latest/developerguide/iam-access-control.html#msk-iam-resources
function mskArns(clusterArn) {
  const match = /^(arn:[^:]+:kafka:[^:]+:\d{12}):cluster\/([^/]+\/[^/]+)$/.exec(
    clusterArn,
  );
  if (!match)
    fail(`mskClusterArn must be an MSK cluster ARN, got "${clusterArn}"`);
  const [, prefix, cluster] = match;
  return {
    cluster: clusterArn,
    topic: (name) => `${prefix}:topic/${cluster}/${name}`,
    group: (name) => `${prefix}:group/${cluster}/${name}`,
  };
}

const logStatement = (functionName) => ({
  Effect: 'Allow',
  Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
  Resource: {
    'Fn::Sub': `arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/${functionName}:*`,
  },
});

// A secret encrypted with a customer managed key (MSK SCRAM requires one)
// is only readable with kms:Decrypt on that key, through Secrets Manager.
function kmsStatements(p) {
  if (!p.kafkaSecretKmsKeyArn) return [];
  return [
    {
      Effect: 'Allow',
      Action: ['kms:Decrypt'],
      Resource: p.kafkaSecretKmsKeyArn,
      Condition: {
        StringEquals: {
          'kms:ViaService': { 'Fn::Sub': 'secretsmanager.${AWS::Region}.amazonaws.com' },
        },
      },
    },
  ];
}

function commonStatements(p, functionName) {
  const secrets = [p.dbSecretArn, p.kafkaSecretArn, p.kafkaTlsCaSecretArn];
  return [
    ...kmsStatements(p),
    logStatement(functionName),
    {
      Effect: 'Allow',
      Action: ['rds-data:ExecuteStatement'],
      Resource: p.dbResourceArn,
    },
    {
      Effect: 'Allow',
      Action: ['secretsmanager:GetSecretValue'],
      Resource: secrets.filter(Boolean),
    },
  ];
}

function mskStatements(p, actions, topics, groups) {
  if (p.kafkaAuth !== 'aws-msk-iam') return [];
  if (!p.mskClusterArn) fail('kafkaAuth aws-msk-iam needs mskClusterArn');
  const arns = mskArns(p.mskClusterArn);
  const statements = [
    {
      Effect: 'Allow',
      Action: ['kafka-cluster:Connect', 'kafka-cluster:DescribeCluster'],
      Resource: arns.cluster,
    },
    {
      Effect: 'Allow',
      Action: ['kafka-cluster:DescribeTopic', ...actions],
      Resource: topics.map(arns.topic),
    },
  ];
  if (groups.length > 0)
    statements.push({
      Effect: 'Allow',
      Action: ['kafka-cluster:DescribeGroup', 'kafka-cluster:AlterGroup'],
      Resource: groups.map(arns.group),
    });
  return statements;
}

// A function with its own role gets no stream permissions from Serverless;
// the event source mapping reads the stream with this role.
function streamStatements(p) {
  if (String(p.postsStreamEnabled) !== 'true') return [];
  return [
    {
      Effect: 'Allow',
      Action: [
        'dynamodb:DescribeStream',
        'dynamodb:GetRecords',
        'dynamodb:GetShardIterator',
        'dynamodb:ListStreams',
      ],
      Resource: p.postsStreamArn,
    },
  ];
}

function ingestTimeout(p) {
  const budgetMs = Number(p.ingestBudgetMs);
  const marginMs = Number(p.ingestShutdownMarginMs);
  if (!Number.isInteger(budgetMs) || !Number.isInteger(marginMs))
    fail('ingestBudgetMs and ingestShutdownMarginMs must be whole numbers');
  // The run must end by its budget, not by the deadline: budget + margin
  // fits inside the timeout with the startup slack on top.
  const seconds =
    Math.ceil((budgetMs + marginMs) / 1000) + INGEST_STARTUP_SLACK_S;
  if (seconds > LAMBDA_MAX_TIMEOUT_S)
    fail(`ingest needs a ${seconds} s timeout; Lambda allows 900 s`);
  return seconds;
}

function vpcOf(p) {
  const subnetIds = list(p.vpcSubnetIds);
  const securityGroupIds = list(p.vpcSecurityGroupIds);
  if (subnetIds.length === 0 && securityGroupIds.length === 0) return null;
  if (subnetIds.length === 0 || securityGroupIds.length === 0)
    fail('vpcSubnetIds and vpcSecurityGroupIds go together');
  return { subnetIds, securityGroupIds };
}

const PARAMS = [
  'siteId',
  'kafkaGroupId',
  'ingestTopics',
  'publishTopic',
  'dbResourceArn',
  'dbSecretArn',
  'kafkaAuth',
  'kafkaSecretArn',
  'kafkaTlsCaSecretArn',
  'mskClusterArn',
  'kafkaSecretKmsKeyArn',
  'ingestBudgetMs',
  'ingestShutdownMarginMs',
  'vpcSubnetIds',
  'vpcSecurityGroupIds',
  'postsStreamArn',
  'postsStreamEnabled',
];

/** Serverless calls this with its variable resolver. */
module.exports = async ({ resolveVariable }) => {
  const p = {};
  for (const name of PARAMS) p[name] = await resolveVariable(`param:${name}`);
  const service = await resolveVariable('self:service');
  const stage = await resolveVariable('sls:stage');
  const name = (fn) => `${service}-${stage}-${fn}`;
  const vpc = vpcOf(p);
  const vpcPolicy = {
    'Fn::Sub':
      'arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole',
  };
  return {
    ingestTimeout: ingestTimeout(p),
    vpc,
    managedPolicies: vpc ? [vpcPolicy] : [],
    publishStatements: [
      ...commonStatements(p, name('publish')),
      ...streamStatements(p),
      ...mskStatements(p, ['kafka-cluster:WriteData'], [p.publishTopic], []),
    ],
    ingestStatements: [
      ...commonStatements(p, name('ingest')),
      ...mskStatements(
        p,
        ['kafka-cluster:ReadData'],
        list(p.ingestTopics),
        [p.kafkaGroupId || p.siteId],
      ),
    ],
  };
};
