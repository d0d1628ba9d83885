import { COMMON_PASSWORDS } from './common-passwords.js';

/**
 * The password policy of NIST SP 800-63B §3.1.1.2 (and OWASP ASVS V2.1): length is what counts,
 * so at least 12 characters and at most 128 (long passphrases are welcome); no composition rules
 * (no "one upper case, one digit"); and refuse what an attacker tries first: passwords from breach
 * lists, repeated or sequential characters, and the username itself.
 */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

const COMMON = new Set(COMMON_PASSWORDS);
const SUGGESTION = 'for example three or four unrelated words';

/** Characters as a person counts them (code points, after the same NFKC normalisation the hash uses). */
function characterCount(password: string): number {
  return [...password.normalize('NFKC')].length;
}

/** Lower case, NFKC, without spaces: "Correct Horse Battery Staple" is the famous passphrase. */
function canonical(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
}

/** Digits and symbols people add before or after a word ("!!Summer2026!"), taken off. */
const stripHead = (text: string) => text.replace(/^[^\p{L}]+/u, '');
const stripTail = (text: string) => text.replace(/[^\p{L}]+$/u, '');
const core = (text: string) => stripTail(stripHead(text));

const LEET: Record<string, string> = {
  '@': 'a',
  '4': 'a',
  '3': 'e',
  '0': 'o',
  $: 's',
  '5': 's',
  '7': 't',
  '!': 'i',
  '|': 'l',
};

/** "p@ssw0rd" read as "password"; a 1 may stand for an i or an l, so both readings are tried. */
function plainReadings(text: string): string[] {
  const mapped = [...text].map((c) => LEET[c] ?? c).join('');
  return [mapped.replaceAll('1', 'i'), mapped.replaceAll('1', 'l')];
}

function isCommon(text: string): boolean {
  // Added characters are taken off first, then look-alike characters are read as letters:
  // "P@ssw0rd2026!" is "p@ssw0rd" is "password"; "@dmin1234567" is "@dmin" is "admin".
  const variants = [text, stripHead(text), stripTail(text), core(text)];
  const candidates = variants.flatMap((v) => [v, ...plainReadings(v), ...plainReadings(v).map(core)]);
  return candidates.some((c) => c !== '' && COMMON.has(c));
}

/** "aaaaaaaaaaaa", "abcabcabcabc", "121212121212": a unit of up to 6 characters repeated, or a common word repeated. */
function isRepetition(text: string): boolean {
  const match = /^(.+?)\1+$/su.exec(text);
  if (!match?.[1]) return false;
  return [...match[1]].length <= 6 || isCommon(match[1]);
}

/** +1 or -1 when b follows a in the alphabet or on the number row (9 then 0 counts: "...7890123"). */
function stepBetween(a: string, b: string): number {
  if (/^\d$/.test(a) && /^\d$/.test(b)) {
    const up = (Number(b) - Number(a) + 10) % 10;
    return up === 1 ? 1 : up === 9 ? -1 : 0;
  }
  return (b.codePointAt(0) ?? 0) - (a.codePointAt(0) ?? 0);
}

/** "123456789012", "abcdefghijkl", "987654321098": each character one step on from the last. */
function isSequence(text: string): boolean {
  const chars = [...text];
  const first = stepBetween(chars[0] ?? '', chars[1] ?? '');
  if (first !== 1 && first !== -1) return false;
  return chars.every((c, i) => i === 0 || stepBetween(chars[i - 1] ?? '', c) === first);
}

/**
 * What is wrong with a new password, in words the person choosing it can act on; null when it is
 * acceptable. Pure: the client previews with it and the server enforces it.
 */
export function passwordProblem(password: string, context: { username?: string } = {}): string | null {
  const length = characterCount(password);
  if (length < PASSWORD_MIN_LENGTH) {
    return `use at least ${PASSWORD_MIN_LENGTH} characters (this one has ${length}); a few unrelated words make a long password that is easy to remember`;
  }
  if (length > PASSWORD_MAX_LENGTH) return `use at most ${PASSWORD_MAX_LENGTH} characters (this one has ${length})`;

  const text = canonical(password);
  const username = context.username === undefined ? '' : canonical(context.username);
  if (
    username !== '' &&
    (text === username || core(text) === username || (text.includes(username) && text.length - username.length < 6))
  ) {
    return 'the password must not be the username, or the username with a few characters added; choose something else';
  }
  if (isCommon(text)) {
    return `this is one of the most common passwords, which are tried first when someone breaks in; choose another, ${SUGGESTION}`;
  }
  if (isRepetition(text) || isSequence(text)) {
    return `this password is a repeated or sequential run of characters (like "abcabc…" or "12345…"), which is guessed at once; choose another, ${SUGGESTION}`;
  }
  return null;
}
