import { stdin, stdout } from 'node:process';
import { createInterface } from 'node:readline/promises';
import { createUserInput } from '@detox/shared';
import { loadConfig } from '../config.js';
import { connect } from '../db/connect.js';
import { migrateToLatest } from '../db/migrate.js';
import { createUser } from '../services/users.js';

// Adds a user for a real deployment:
//   pnpm add-user <username> <role> "<Full name>"      (the password is asked for, not echoed in history)
//   DETOX_NEW_PASSWORD=... pnpm add-user ...            (for scripted provisioning)
// The password policy is the one users.create applies (shared/src/api/password-policy.ts): at
// least 12 characters, not a common password, not the username.

async function main() {
  const [username, role, ...nameParts] = process.argv.slice(2);
  const name = nameParts.join(' ').trim();
  if (!username || !role || !name) {
    throw new Error('usage: pnpm add-user <username> <nurse|physician|admin> "<Full name>"');
  }
  const password = process.env.DETOX_NEW_PASSWORD ?? (await ask(`Password for ${username}: `));
  const parsed = createUserInput.safeParse({ username, name, role, password });
  if (!parsed.success) {
    throw new Error(parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('\n'));
  }

  const config = loadConfig();
  const { db, location } = connect(config.databaseUrl, config.defaultSqlitePath, config.auditHmacKey);
  try {
    await migrateToLatest(db);
    // No user is logged in: the audit row names the command line as where the account came from.
    await createUser(db, { id: null, role: null, address: 'cli' }, parsed.data);
    console.log(`Added ${parsed.data.role} "${parsed.data.username}" (${parsed.data.name}) to ${location}`);
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
