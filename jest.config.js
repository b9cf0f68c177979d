/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  // Both cores of a CI machine: jest's default leaves one idle (cores - 1), and the suites spend much of their time
  // waiting on Chromium and the local runtime; 22 minutes in one worker, about 11 in two.
  maxWorkers: 2,
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  transform: {
    '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript', tsx: true }, transform: { react: { runtime: 'automatic' } } } }],
  },
};
