import { z } from 'zod';
import { ROLES } from './auth.js';
import { id } from './common.js';
import { passwordProblem } from './password-policy.js';

export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, passwordProblem } from './password-policy.js';

/** Login names are stored in lower case (auth.login lower-cases what is typed), so compare that way. */
export const username = z
  .string({ error: 'enter a username' })
  .trim()
  .toLowerCase()
  .min(3, 'a username has at least 3 characters')
  .max(100, 'a username has at most 100 characters')
  .regex(
    /^[a-z0-9][a-z0-9._-]*$/,
    'a username may hold only letters, digits, dots, dashes and underscores, and starts with a letter or digit',
  );

/** users.create: an admin adds a person; the password must pass the policy (password-policy.ts). */
export const createUserInput = z
  .object({
    username,
    name: z
      .string({ error: "enter the person's full name" })
      .trim()
      .min(1, "enter the person's full name")
      .max(200, 'keep the name under 200 characters'),
    role: z.enum(ROLES, { error: `role must be one of ${ROLES.join(', ')}` }),
    // Not trimmed: spaces are part of a passphrase.
    password: z.string({ error: 'enter a password' }),
  })
  .superRefine((value, ctx) => {
    const problem = passwordProblem(value.password, { username: value.username });
    if (problem) ctx.addIssue({ code: 'custom', path: ['password'], message: problem });
  });
export type CreateUserInput = z.infer<typeof createUserInput>;

/** users.deactivate: the person can no longer log in, and every session of theirs ends now. */
export const deactivateUserInput = z.object({
  userId: id,
  reason: z
    .string({ error: 'say why the account is being deactivated' })
    .trim()
    .min(3, 'say why the account is being deactivated (at least 3 characters)')
    .max(500, 'keep the reason under 500 characters'),
});
export type DeactivateUserInput = z.infer<typeof deactivateUserInput>;

/** users.endSessions: logs the person out everywhere (a lost badge, a shared workstation left open). */
export const endSessionsInput = z.object({ userId: id });
export type EndSessionsInput = z.infer<typeof endSessionsInput>;
