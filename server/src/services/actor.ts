import type { Role } from '@detox/shared';

/** Who is doing something, and from where: every record and audit row carries it. */
export interface Actor {
  id: number;
  name: string;
  role: Role;
  address: string | null;
  /** The units the actor is assigned to, when read with the session at the start of the request. */
  unitIds?: readonly number[];
}
