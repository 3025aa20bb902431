import { defineConfig } from 'vitest/config';

// The database suite runs on PGlite always, and again on the PostgreSQL server when
// TEST_DATABASE_URL is set (CI sets it), so the embedded default and the real server stay equal.
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
if (!onPostgres && !process.env.RELAIS_DB_NOTE_SHOWN) {
  process.env.RELAIS_DB_NOTE_SHOWN = '1';
  console.log('[relais] TEST_DATABASE_URL is not set: the database suite runs on PGlite only.');
}

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 30_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts', 'test/fakes/**/*.test.ts'] } },
      {
        extends: true,
        test: { name: 'db-pglite', include: ['test/db/**/*.test.ts'], env: { RELAIS_TEST_DB: 'pglite' } },
      },
      ...(onPostgres
        ? [
            {
              extends: true as const,
              test: { name: 'db-postgres', include: ['test/db/**/*.test.ts'], env: { RELAIS_TEST_DB: 'postgres' } },
            },
          ]
        : []),
      { extends: true, test: { name: 'adapters', include: ['test/adapters/**/*.test.ts'] } },
      { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'] } },
    ],
  },
});
