import type { EmulatorContext, EmulatorSettings } from './context.js';
import { DataApiError } from './errors.js';
import {
  batchExecuteStatement,
  executeStatement,
} from './execute-operations.js';
import {
  type BaseRequest,
  parseBatchRequest,
  parseBeginRequest,
  parseEndRequest,
  parseExecuteRequest,
} from './request-validation.js';
import {
  beginTransaction,
  commitTransaction,
  rollbackTransaction,
} from './transaction-operations.js';

type Body = Readonly<Record<string, unknown>>;

type Handler = (
  ctx: EmulatorContext,
  body: Body,
  check: (request: BaseRequest) => void,
) => Promise<string>;

function op<R extends BaseRequest>(
  parse: (body: Body) => R,
  run: (ctx: EmulatorContext, request: R) => Promise<string>,
): Handler {
  return (ctx, body, check) => {
    const request = parse(body);
    check(request);
    return run(ctx, request);
  };
}

/** Operations by the last path segment (spec §1.1). */
const OPERATIONS: ReadonlyMap<string, Handler> = new Map([
  ['Execute', op(parseExecuteRequest, executeStatement)],
  ['BatchExecute', op(parseBatchRequest, batchExecuteStatement)],
  ['BeginTransaction', op(parseBeginRequest, beginTransaction)],
  ['CommitTransaction', op(parseEndRequest, commitTransaction)],
  ['RollbackTransaction', op(parseEndRequest, rollbackTransaction)],
]);

const CLUSTER_ARN = /^arn:aws:rds:[^:]*:[^:]*:cluster:([^:]+)$/;

function checkAccess(settings: EmulatorSettings, request: BaseRequest): void {
  const { resourceArn, secretArn } = request;
  const allowed = settings.resourceArns
    ? settings.resourceArns.includes(resourceArn)
    : CLUSTER_ARN.test(resourceArn);
  if (!allowed) {
    const cluster = CLUSTER_ARN.exec(resourceArn)?.[1] ?? resourceArn;
    throw new DataApiError(
      'HttpEndpointNotEnabledException',
      `HttpEndpoint is not enabled for cluster ${cluster}`,
    );
  }
  if (settings.secretArns && !settings.secretArns.includes(secretArn)) {
    throw new DataApiError(
      'SecretsErrorException',
      "Secrets Manager can't find the specified secret.",
    );
  }
}

function parseJson(text: string): Body {
  let parsed: unknown;
  try {
    parsed = text === '' ? {} : JSON.parse(text);
  } catch {
    throw new DataApiError('SerializationException', 'Malformed JSON body');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new DataApiError('SerializationException', 'Body must be an object');
  }
  return Object.fromEntries(Object.entries(parsed));
}

/** True when the path names a Data API operation (incl. ExecuteSql). */
export function operationOf(path: string): string | undefined {
  const name = path.split('/').pop() ?? '';
  return OPERATIONS.has(name) || name === 'ExecuteSql' ? name : undefined;
}

/**
 * Runs one Data API call: faults, validation, access, then the operation.
 * @throws DataApiError for every answer that is not a 200.
 */
export async function handleOperation(
  ctx: EmulatorContext,
  name: string,
  bodyText: string,
): Promise<string> {
  const body = parseJson(bodyText);
  const arn = body.resourceArn ?? body.dbClusterOrInstanceArn;
  ctx.faults.before(typeof arn === 'string' ? arn : '');
  const operation = OPERATIONS.get(name);
  if (operation === undefined) {
    throw new DataApiError(
      'BadRequestException',
      'ExecuteSql is not supported on Aurora Serverless v2 and provisioned clusters; use ExecuteStatement',
    );
  }
  return operation(ctx, body, (request) => checkAccess(ctx.settings, request));
}
