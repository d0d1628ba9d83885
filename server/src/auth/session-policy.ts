/**
 * How long sessions last and how failed logins are slowed: the shapes of plain settings that the
 * config fills (from the environment, with its defaults: config.ts) and the session and login
 * services read. Types only, so neither side depends on the other.
 */
export interface ThrottlePolicy {
  /** Failures from one address for one username before further tries must wait. */
  freeFailuresPerDevice: number;
  /** The first wait after those, in seconds; it doubles with each further failure. */
  firstWaitSeconds: number;
  /** Failures for one username from anywhere before every try for it is slowed. */
  usernameSlowAfter: number;
  /** How long each try is held back once the username is past the ceiling. */
  usernameSlowSeconds: number;
  failureWindowMinutes: number;
}

export interface SessionPolicy extends ThrottlePolicy {
  idleMinutes: number;
  absoluteHours: number;
  /** Open sessions one user may hold; a new login ends the oldest beyond it. */
  maxSessionsPerUser: number;
}
