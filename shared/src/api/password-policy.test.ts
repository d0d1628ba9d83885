import { describe, expect, it } from 'vitest';
import { COMMON_PASSWORDS } from './common-passwords.js';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, passwordProblem } from './password-policy.js';
import { createUserInput } from './users.js';

const COMMON = /one of the most common passwords/;
const PATTERN = /repeated or sequential run of characters/;
const USERNAME = /must not be the username/;

describe('password policy: length', () => {
  it('refuses 11 characters and accepts 12, saying how many there are', () => {
    expect(passwordProblem('tulip canoe')).toBe(
      'use at least 12 characters (this one has 11); a few unrelated words make a long password that is easy to remember',
    );
    expect(passwordProblem('tulip canoes')).toBeNull();
  });

  it('accepts 128 characters and refuses 129', () => {
    const words = 'violet harbour lantern '.repeat(10);
    expect(passwordProblem(words.slice(0, PASSWORD_MAX_LENGTH))).toBeNull();
    expect(passwordProblem(words.slice(0, PASSWORD_MAX_LENGTH + 1))).toBe(
      'use at most 128 characters (this one has 129)',
    );
  });

  it('counts characters as a person does: an accented letter or an emoji is one character', () => {
    const tooShort =
      'use at least 12 characters (this one has 11); a few unrelated words make a long password that is easy to remember';
    // A decomposed é (e + combining accent) is two UTF-16 units but one character after NFKC.
    expect(passwordProblem(`${'e\u0301'.repeat(2)}ñandú roj`)).toBe(tooShort);
    // Each emoji is two UTF-16 units: 13 units, 11 characters.
    expect(passwordProblem('🐢🐇 slow win')).toBe(tooShort);
    expect(passwordProblem('🐢🐇 slow wins')).toBeNull();
  });

  it('has no composition rules: all lower case, no digits, no symbols is fine', () => {
    expect(passwordProblem('marigold velvet stapler')).toBeNull();
    expect(passwordProblem('ALLCAPSBUTLONGENOUGH')).toBeNull();
    expect(passwordProblem('384729105638')).toBeNull();
  });

  it('is stated in the limits the client shows', () => {
    expect([PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH]).toEqual([12, 128]);
  });
});

describe('password policy: common passwords', () => {
  it.each([
    'password1234',
    'qwertyuiop123',
    '123456789012',
    'iloveyou1234',
    'correcthorsebatterystaple',
    '1qaz2wsx3edc',
    'letmeinplease',
  ])('refuses the well-known %s', (password) => {
    expect(passwordProblem(password)).toMatch(COMMON);
  });

  it('compares without regard to case or spaces', () => {
    expect(passwordProblem('PASSWORD1234')).toMatch(COMMON);
    expect(passwordProblem('QwertyUiop123')).toMatch(COMMON);
    expect(passwordProblem('Correct Horse Battery Staple')).toMatch(COMMON);
  });

  it('refuses a common word with digits or symbols added before or after it', () => {
    for (const password of [
      'Password2026!',
      '!!qwerty123456',
      'Summer2026!!!',
      '2026hospital!',
      'Detoxwatch#2026',
      'Welcome1!2345',
    ]) {
      expect(passwordProblem(password), password).toMatch(COMMON);
    }
  });

  it('reads look-alike characters as the letters they stand for', () => {
    for (const password of ['P@ssw0rd2026!', 'p4$$w0rd12345', '@dmin1234567', 'L3tm31n!!2026']) {
      expect(passwordProblem(password), password).toMatch(COMMON);
    }
  });

  it('says what to do instead', () => {
    expect(passwordProblem('password1234')).toBe(
      'this is one of the most common passwords, which are tried first when someone breaks in; choose another, for example three or four unrelated words',
    );
  });

  it('refuses every listed password of 12 characters or more', () => {
    const long = COMMON_PASSWORDS.filter(
      (p) => [...p].length >= PASSWORD_MIN_LENGTH && [...p].length <= PASSWORD_MAX_LENGTH,
    );
    expect(long.length).toBeGreaterThan(150);
    for (const password of long) expect(passwordProblem(password), password).not.toBeNull();
  });

  it('holds a few hundred entries, in lower case, each once', () => {
    expect(COMMON_PASSWORDS.length).toBeGreaterThanOrEqual(300);
    expect(COMMON_PASSWORDS.every((p) => p === p.toLowerCase())).toBe(true);
    expect(new Set(COMMON_PASSWORDS).size).toBe(COMMON_PASSWORDS.length);
  });

  it('does not refuse a password merely for containing a common word among others', () => {
    expect(passwordProblem('my dragon sleeps under the stairs')).toBeNull();
    expect(passwordProblem('password manager lemonade')).toBeNull();
  });
});

describe('password policy: patterns', () => {
  it.each(['aaaaaaaaaaaa', 'abcabcabcabc', '121212121212', 'qwertqwertqwert', 'passwordpassword1'.slice(0, 16)])(
    'refuses the repetition %s',
    (password) => {
      expect(passwordProblem(password)).toMatch(/repeated or sequential|most common/);
    },
  );

  it.each(['abcdefghijklm', '987654321098', '234567890123', 'ZYXWVUTSRQPO'])('refuses the sequence %s', (password) => {
    expect(passwordProblem(password)).toMatch(/repeated or sequential|most common/);
  });

  it('refuses a repetition that is not in the list with the pattern message', () => {
    expect(passwordProblem('zqxzqxzqxzqx')).toMatch(PATTERN);
    expect(passwordProblem('mnopqrstuvwx')).toMatch(PATTERN);
  });

  it('accepts a long unit repeated twice when the unit is not common', () => {
    expect(passwordProblem('gravel-orchid gravel-orchid')).toBeNull();
  });
});

describe('password policy: the username', () => {
  it('refuses the username itself, in any case', () => {
    expect(passwordProblem('ana.reyes.rn', { username: 'ana.reyes.rn' })).toMatch(USERNAME);
    expect(passwordProblem('ANA.REYES.RN', { username: 'ana.reyes.rn' })).toMatch(USERNAME);
  });

  it('refuses the username with a few characters added', () => {
    expect(passwordProblem('areyes2026!!', { username: 'areyes' })).toMatch(USERNAME);
    expect(passwordProblem('1physician23', { username: 'physician' })).toMatch(USERNAME);
  });

  it('accepts a long passphrase that happens to contain a short username', () => {
    expect(passwordProblem('ana likes quiet night shifts', { username: 'ana' })).toBeNull();
  });
});

describe('createUserInput', () => {
  const valid = {
    username: 'B.Carter',
    name: 'Dr. Ben Carter',
    role: 'physician',
    password: 'saffron kettle drumbeat',
  };

  it('accepts a valid user and stores the username in lower case', () => {
    const parsed = createUserInput.parse(valid);
    expect(parsed.username).toBe('b.carter');
    expect(parsed.password).toBe('saffron kettle drumbeat');
  });

  it('puts a policy refusal on the password field', () => {
    const result = createUserInput.safeParse({ ...valid, password: 'password1234' });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['password', expect.stringMatching(COMMON)],
    ]);
  });

  it('compares the password with the username as it will be stored', () => {
    const result = createUserInput.safeParse({ ...valid, username: '  Nightshift ', password: 'NIGHTSHIFT!!' });
    expect(result.error?.issues[0]?.message).toMatch(USERNAME);
  });

  it('refuses an unknown role and an odd username with a message in words', () => {
    const result = createUserInput.safeParse({ ...valid, role: 'pharmacist', username: 'b carter' });
    expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      [
        'username',
        'a username may hold only letters, digits, dots, dashes and underscores, and starts with a letter or digit',
      ],
      ['role', 'role must be one of nurse, physician, admin'],
    ]);
  });
});
