import { computeDeadline } from '../../lib/budget.js';

describe('computeDeadline', () => {
  it.each([
    // now, budget, lambda remaining, margin → at, reason
    [1000, 300_000, 900_000, 15_000, 301_000, 'budget'],
    [1000, 300_000, 310_000, 15_000, 296_000, 'deadline'],
    [0, 300_000, 315_000, 15_000, 300_000, 'budget'],
    [0, 60_000, 20_000, 15_000, 5_000, 'deadline'],
  ])(
    'now=%i budget=%i remaining=%i margin=%i → %i (%s)',
    (now, budget, remaining, margin, at, reason) => {
      // Prepare / Act
      const deadline = computeDeadline(now, budget, remaining, margin);
      // Assert
      expect(deadline).toEqual({ at, reason });
    },
  );
});
