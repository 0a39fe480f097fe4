/** Jest runs TypeScript through @swc/jest; `.js` import suffixes map back to `.ts` sources. */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testMatch: ['<rootDir>/tests/**/*.test.ts'],
  testTimeout: 60000,
  setupFiles: ['<rootDir>/tests/helpers/setup-env.ts'],
  // Handlers keep warm Kafka clients at module scope, as in Lambda; nothing
  // closes them, so jest must not wait for them after the last test.
  forceExit: true,
};
