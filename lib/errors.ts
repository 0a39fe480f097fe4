/**
 * Base of every error this project raises on purpose. Each subclass names
 * itself in a string: the bundles are minified, so a class's own name
 * (`new.target.name`) would reach logs and the run history as `lt`.
 */
export class AppError extends Error {
  override readonly name: string = 'AppError';
  readonly retriable: boolean;
  constructor(message: string, retriable: boolean, options?: ErrorOptions) {
    super(message, options);
    this.retriable = retriable;
  }
}

/** Configuration is missing or invalid; `problems` names each variable. */
export class ConfigError extends AppError {
  override readonly name = 'ConfigError';
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`Invalid configuration:\n- ${problems.join('\n- ')}`, false);
    this.problems = problems;
  }
}

/** A post from a client failed validation; `issues` lists every problem. */
export class PostValidationError extends AppError {
  override readonly name = 'PostValidationError';
  readonly issues: readonly string[];
  constructor(issues: readonly string[]) {
    super(`Invalid post: ${issues.join('; ')}`, false);
    this.issues = issues;
  }
}

/** Sending to Kafka failed. */
export class KafkaPublishError extends AppError {
  override readonly name = 'KafkaPublishError';
  readonly topic: string;
  constructor(
    message: string,
    topic: string,
    retriable: boolean,
    options?: ErrorOptions,
  ) {
    super(message, retriable, options);
    this.topic = topic;
  }
}

/** Consuming from Kafka failed (broker, topic, group or auth problem). */
export class KafkaConsumeError extends AppError {
  override readonly name = 'KafkaConsumeError';
}

/** A Data API call failed; `statement` names the SQL constant. */
export class DatabaseError extends AppError {
  override readonly name = 'DatabaseError';
  readonly statement: string;
  readonly exceptionName: string;
  readonly sqlState: string | undefined;
  constructor(
    message: string,
    details: {
      statement: string;
      exceptionName: string;
      sqlState?: string;
      retriable: boolean;
    },
    options?: ErrorOptions,
  ) {
    super(message, details.retriable, options);
    this.statement = details.statement;
    this.exceptionName = details.exceptionName;
    this.sqlState = details.sqlState;
  }
}

/** The site has no local users, so foreign posts cannot be given an author. */
export class NoLocalUsersError extends AppError {
  override readonly name = 'NoLocalUsersError';
  constructor() {
    super(
      'The users table is empty: ingest needs at least one local user to ' +
        'own foreign posts. Create a user, then run ingest again.',
      false,
    );
  }
}

/** Message of any thrown value, for logs. */
export function describeError(error: unknown): string {
  return error instanceof Error
    ? `${error.name}: ${error.message}`
    : String(error);
}

/** Some posts of a publish could not be sent; the invoker should retry. */
export class PublishIncompleteError extends AppError {
  override readonly name = 'PublishIncompleteError';
  readonly postIds: readonly string[];
  constructor(postIds: readonly string[], retriable: boolean) {
    super(`Could not publish post(s) ${postIds.join(', ')}`, retriable);
    this.postIds = postIds;
  }
}

/** Code that the deployment lacks (a lazy file of the bundle): fix the package, not worth retrying. */
export class MissingModuleError extends AppError {
  override readonly name = 'MissingModuleError';
}

/**
 * Import a module loaded on first use (a `lazy/` file of the bundle). A
 * module that is not there is a packaging fault: it fails the same way on
 * every try, so it becomes a non-retriable MissingModuleError naming it.
 * @throws MissingModuleError
 */
export async function importOnFirstUse<T>(
  what: string,
  load: () => Promise<T>,
): Promise<T> {
  try {
    return await load();
  } catch (error: unknown) {
    const code = Reflect.get(Object(error), 'code');
    if (code !== 'MODULE_NOT_FOUND' && code !== 'ERR_MODULE_NOT_FOUND')
      throw error;
    const first = String(Reflect.get(Object(error), 'message')).split('\n')[0];
    throw new MissingModuleError(
      `${what} is missing from this deployment (${first}); package and deploy again (npm run package)`,
      false,
      { cause: error },
    );
  }
}
