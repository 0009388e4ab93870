import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'bench/**/*.test.ts', 'deploy/**/*.test.ts'],
    testTimeout: 60_000,
    // Some suites start servers or run a small eval before their tests: on a loaded machine that takes more than the default 10 s.
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
