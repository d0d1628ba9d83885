import type { Role } from '@detox/shared';

/** Who is doing something, and from where: every record and audit row carries it. */
export interface Actor {
  id: number;
  name: string;
  role: Role;
  address: string | null;
}
