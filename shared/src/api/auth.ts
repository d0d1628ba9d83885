import { z } from 'zod';

export const ROLES = ['nurse', 'physician', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const loginInput = z.object({
  username: z.string({ error: 'enter your username' }).trim().min(1, 'enter your username').max(100),
  password: z.string({ error: 'enter your password' }).min(1, 'enter your password').max(1024),
});
export type LoginInput = z.infer<typeof loginInput>;
