/**
 * How long sessions last and how failed logins are slowed: plain settings, read by the config
 * (from the environment) and used by the session and login services. Kept apart from both so the
 * config depends on no service.
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

export const DEFAULT_THROTTLE_POLICY: ThrottlePolicy = {
  freeFailuresPerDevice: 5,
  firstWaitSeconds: 30,
  usernameSlowAfter: 50,
  usernameSlowSeconds: 2,
  failureWindowMinutes: 15,
};

export interface SessionPolicy extends ThrottlePolicy {
  idleMinutes: number;
  absoluteHours: number;
  /** Open sessions one user may hold; a new login ends the oldest beyond it. */
  maxSessionsPerUser: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = {
  ...DEFAULT_THROTTLE_POLICY,
  idleMinutes: 15,
  absoluteHours: 12,
  maxSessionsPerUser: 10,
};
