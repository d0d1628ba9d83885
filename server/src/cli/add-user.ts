import { stdin, stdout } from 'node:process';
import { createInterface } from 'node:readline/promises';
import { ROLES, type Role } from '@detox/shared';
import { hashPassword } from '../auth/password.js';
import { loadConfig } from '../config.js';
import { connect } from '../db/connect.js';
import { migrateToLatest } from '../db/migrate.js';

// Adds a user for a real deployment:
//   pnpm add-user <username> <role> "<Full name>"      (the password is asked for, not echoed in history)
//   DETOX_NEW_PASSWORD=... pnpm add-user ...            (for scripted provisioning)
const MIN_PASSWORD_LENGTH = 12;

async function main() {
  const [username, role, ...nameParts] = process.argv.slice(2);
  const name = nameParts.join(' ').trim();
  if (!username || !role || !name) {
    throw new Error('usage: pnpm add-user <username> <nurse|physician|admin> "<Full name>"');
  }
  if (!ROLES.includes(role as Role)) throw new Error(`role must be one of ${ROLES.join(', ')}; got "${role}"`);
  const password = process.env.DETOX_NEW_PASSWORD ?? (await ask(`Password for ${username}: `));
  if (password.length < MIN_PASSWORD_LENGTH) throw new Error(`the password must be at least ${MIN_PASSWORD_LENGTH} characters`);

  const config = loadConfig();
  const { db, location } = connect(config.databaseUrl, config.defaultSqlitePath);
  try {
    await migrateToLatest(db);
    const taken = await db.selectFrom('app_user').select('id').where('username', '=', username.toLowerCase()).executeTakeFirst();
    if (taken) throw new Error(`user "${username}" already exists`);
    const row = await db
      .insertInto('app_user')
      .values({ username: username.toLowerCase(), name, role: role as Role, password_hash: await hashPassword(password), active: 1, created_at: new Date().toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('audit_event')
      .values({ occurred_at: new Date().toISOString(), user_id: null, user_role: null, action: 'create', entity: 'user', entity_id: row.id, outcome: 'success', address: 'cli' })
      .execute();
    console.log(`Added ${role} "${username}" (${name}) to ${location}`);
  } finally {
    await db.destroy();
  }
}

async function ask(question: string): Promise<string> {
  const rl = createInterface({ input: stdin, output: stdout, terminal: true });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
