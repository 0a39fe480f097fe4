import { DATABASE_NAME } from './backend.js';
import type { EmulatorContext } from './context.js';
import { toDataApiError } from './errors.js';
import { parseFaultSettings } from './faults.js';

/** An admin answer: HTTP status and JSON body. */
export interface AdminResponse {
  readonly status: number;
  readonly body: unknown;
}

function parseBody(text: string): unknown {
  try {
    return text === '' ? {} : JSON.parse(text);
  } catch {
    throw new Error('body must be JSON');
  }
}

async function databases(
  ctx: EmulatorContext,
  method: string,
  name: string | undefined,
  bodyText: string,
): Promise<AdminResponse> {
  if (method === 'GET' && name === undefined) {
    return {
      status: 200,
      body: { databases: await ctx.backend.listDatabases() },
    };
  }
  if (method === 'POST' && name === undefined) {
    const body = parseBody(bodyText);
    const wanted: unknown =
      typeof body === 'object' && body !== null
        ? Reflect.get(body, 'name')
        : undefined;
    if (typeof wanted !== 'string' || !DATABASE_NAME.test(wanted)) {
      return {
        status: 400,
        body: { message: `name must match ${DATABASE_NAME}` },
      };
    }
    await ctx.backend.createDatabase(wanted);
    return { status: 201, body: { name: wanted } };
  }
  if (method === 'DELETE' && name !== undefined) {
    await ctx.backend.dropDatabase(decodeURIComponent(name));
    return { status: 200, body: { dropped: name } };
  }
  return { status: 405, body: { message: `${method} not allowed` } };
}

function faults(
  ctx: EmulatorContext,
  method: string,
  bodyText: string,
): AdminResponse {
  if (method === 'POST')
    ctx.faults.apply(parseFaultSettings(parseBody(bodyText)));
  else if (method === 'DELETE') ctx.faults.clear();
  else if (method !== 'GET') {
    return { status: 405, body: { message: `${method} not allowed` } };
  }
  return { status: 200, body: ctx.faults.snapshot() };
}

async function route(
  ctx: EmulatorContext,
  method: string,
  path: string,
  bodyText: string,
): Promise<AdminResponse> {
  const [resource, name, ...rest] = path.split('/');
  if (resource === 'health' && method === 'GET') {
    const list = await ctx.backend.listDatabases();
    return {
      status: 200,
      body: {
        engine: ctx.backend.engine,
        databases: list,
        openTransactions: ctx.transactions.size,
      },
    };
  }
  if (resource === 'databases' && rest.length === 0) {
    return databases(ctx, method, name || undefined, bodyText);
  }
  if (resource === 'faults' && name === undefined) {
    return faults(ctx, method, bodyText);
  }
  return {
    status: 404,
    body: { message: `unknown admin path /_admin/${path}` },
  };
}

/**
 * Admin API under `/_admin/` (health, databases, faults). Never subject to
 * fault injection. Errors become 400 with `{"message": …}`.
 */
export async function handleAdmin(
  ctx: EmulatorContext,
  method: string,
  path: string,
  bodyText: string,
): Promise<AdminResponse> {
  try {
    return await route(ctx, method, path, bodyText);
  } catch (error: unknown) {
    // PostgreSQL errors keep their `; SQLState: XXXXX` suffix (42P04…).
    const mapped = toDataApiError(error);
    const message = mapped instanceof Error ? mapped.message : String(mapped);
    return { status: 400, body: { message } };
  }
}
