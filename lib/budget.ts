/** Why a run ended. */
export type EndReason = 'drained' | 'budget' | 'deadline' | 'error';

/** When a run must stop, and which limit sets that time. */
export interface RunDeadline {
  readonly at: number;
  readonly reason: 'budget' | 'deadline';
}

/**
 * The earliest of the configured budget and the Lambda deadline minus the
 * shutdown margin (DESIGN.md contract 5). Pure: pass `now` and the remaining
 * Lambda time in.
 */
export function computeDeadline(
  now: number,
  budgetMs: number,
  remainingLambdaMs: number,
  shutdownMarginMs: number,
): RunDeadline {
  const budgetAt = now + budgetMs;
  const lambdaAt = now + remainingLambdaMs - shutdownMarginMs;
  return lambdaAt < budgetAt
    ? { at: lambdaAt, reason: 'deadline' }
    : { at: budgetAt, reason: 'budget' };
}
