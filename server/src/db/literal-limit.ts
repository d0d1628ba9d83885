import { sql } from 'kysely';

/**
 * A LIMIT of one row written into the SQL text, not bound as a parameter: `.limit(ONE_ROW)`.
 * Since 3.47 SQLite plans with the value bound to a LIMIT, so a statement holding `limit ?` is
 * prepared again every time it runs: 7 µs more a lookup on the bench machine, and 23 µs for the
 * first-dose search's two (issue 16). A fixed LIMIT is therefore written as a literal; a LIMIT that
 * varies (a page size) stays bound.
 */
export const ONE_ROW = sql.lit(1);
