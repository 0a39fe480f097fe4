import type { IncomingMessage, ServerResponse } from 'node:http';
import { type DataApiError, newRequestId } from './errors.js';

/** The service's request size limit, headers included (spec §6). */
export const MAX_REQUEST_BYTES = 4 * 1024 * 1024;

const ERROR_TYPE_SUFFIX =
  ':http://internal.amazon.com/coral/com.amazon.rdsdataservice/';

/**
 * Reads the whole body; returns `null` when the request exceeds
 * `MAX_REQUEST_BYTES` (the rest is drained, never parsed).
 */
export async function readBody(req: IncomingMessage): Promise<string | null> {
  const headerBytes = req.rawHeaders.reduce((n, h) => n + h.length + 2, 0);
  let size = headerBytes;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size <= MAX_REQUEST_BYTES) chunks.push(buffer);
  }
  return size > MAX_REQUEST_BYTES
    ? null
    : Buffer.concat(chunks).toString('utf8');
}

/** Sends a JSON body with a fresh `x-amzn-RequestId` (spec §1.1). */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'x-amzn-RequestId': newRequestId(),
    ...headers,
  });
  res.end(body);
}

/** Sends an exception in the restJson1 error format (spec §5.1). */
export function sendError(res: ServerResponse, error: DataApiError): void {
  sendJson(res, error.status, JSON.stringify(error.toBody()), {
    'x-amzn-ErrorType': `${error.exception}${ERROR_TYPE_SUFFIX}`,
  });
}
