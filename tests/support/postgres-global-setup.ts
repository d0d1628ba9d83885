import type { TestProject } from 'vitest/node';
import { startPostgres } from './postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The throwaway cluster's maintenance database (create your own in it); null when SKIP_POSTGRES=1. */
    postgresUrl: string | null;
  }
}

/**
 * Starts one throwaway PostgreSQL for the server project's data-layer tests and stops it after.
 * CI must run both databases, so a PostgreSQL that cannot start fails the run, unless
 * SKIP_POSTGRES=1 says to run on SQLite only.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (process.env.SKIP_POSTGRES === '1') {
    console.warn('SKIP_POSTGRES=1: the data-layer tests run on SQLite only');
    project.provide('postgresUrl', null);
    return async () => {};
  }
  let postgres: Awaited<ReturnType<typeof startPostgres>>;
  try {
    postgres = await startPostgres();
  } catch (error) {
    throw new Error(
      `Could not start PostgreSQL for the data-layer tests (set SKIP_POSTGRES=1 to run on SQLite only): ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  project.provide('postgresUrl', postgres.url);
  return () => postgres.stop();
}
