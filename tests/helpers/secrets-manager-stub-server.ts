/**
 * A stand-in for AWS Secrets Manager (which cannot run here): a tiny HTTP
 * server speaking its JSON 1.1 protocol for GetSecretValue, for the real
 * `@aws-sdk/client-secrets-manager` client pointed at it by endpoint.
 * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html
 */
import { randomUUID } from 'node:crypto';
import {
  createServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running stand-in; `requests` lists each SecretId asked for. */
export interface SecretsManagerStub {
  readonly endpoint: string;
  readonly requests: string[];
  /** Store (or replace, as a rotation does) a secret string. */
  put(secretId: string, value: string): void;
  /** Answer every request for `secretId` with this error type. */
  refuse(secretId: string, errorType: string, status?: number): void;
  close(): Promise<void>;
}

/** Start the stand-in on a free port of 127.0.0.1. */
export async function startSecretsManagerStub(): Promise<SecretsManagerStub> {
  const values = new Map<string, string>();
  const refusals = new Map<string, { type: string; status: number }>();
  const requests: string[] = [];
  const server = createServer((req, res) => {
    void answer(req, res).catch((error: unknown) =>
      sendError(res, 500, 'InternalServiceError', String(error)),
    );
  });
  async function answer(req: IncomingMessage, res: ServerResponse) {
    const target = String(req.headers['x-amz-target'] ?? '');
    const body: unknown = JSON.parse(await readBody(req));
    const secretId =
      typeof body === 'object' && body !== null
        ? String(Reflect.get(body, 'SecretId') ?? '')
        : '';
    requests.push(secretId);
    if (target !== 'secretsmanager.GetSecretValue')
      return sendError(res, 400, 'UnknownOperationException', target);
    const refusal = refusals.get(secretId);
    if (refusal) return sendError(res, refusal.status, refusal.type, 'refused');
    const value = values.get(secretId);
    if (value === undefined)
      return sendError(
        res,
        400,
        'ResourceNotFoundException',
        "Secrets Manager can't find the specified secret.",
      );
    send(res, 200, {
      ARN: secretId,
      Name: secretId.split(':').at(-1),
      SecretString: value,
      VersionId: randomUUID(),
      VersionStages: ['AWSCURRENT'],
      CreatedDate: Date.now() / 1000,
    });
  }
  await new Promise<void>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve()),
  );
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    put: (secretId, value) => {
      refusals.delete(secretId);
      values.set(secretId, value);
    },
    refuse: (secretId, type, status = 400) =>
      refusals.set(secretId, { type, status }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: object): void {
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
  res.end(JSON.stringify(body));
}

function sendError(
  res: ServerResponse,
  status: number,
  type: string,
  message: string,
): void {
  res.setHeader('x-amzn-errortype', type);
  send(res, status, { __type: type, message });
}
