/** The fault suite (`npm run test:faults`): one scenario file at a time. */
module.exports = {
  rootDir: '../..',
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testMatch: ['<rootDir>/tests/faults/**/*.fault.ts'],
  testTimeout: 300_000,
  setupFiles: ['<rootDir>/tests/helpers/setup-env.ts'],
  maxWorkers: 1,
  forceExit: true,
};
