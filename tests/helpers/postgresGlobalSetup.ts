import type { TestProject } from 'vitest/node';
import { startPostgres } from './postgresServer';

declare module 'vitest' {
  export interface ProvidedContext {
    /** postgres://… of the PostgreSQL server this test run started (tests/helpers/postgres.ts). */
    postgresUrl: string;
  }
}

/**
 * One real PostgreSQL server for the integration tests, started before the first file and
 * stopped after the last; each test makes its own database on it. If it cannot start, the run
 * fails here and says why: no PostgreSQL test is skipped.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startPostgres({ fsync: false });
  project.provide('postgresUrl', server.url);
  return () => server.stop();
}
