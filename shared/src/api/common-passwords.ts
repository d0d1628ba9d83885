/**
 * Passwords that appear again and again in published breach corpora (the NCSC "100k most
 * common passwords" list derived from Have I Been Pwned, SecLists' top lists, RockYou), in lower
 * case. NIST SP 800-63B §3.1.1.2 asks verifiers to refuse passwords found in such lists.
 *
 * Two kinds of entry, both compared case-insensitively by password-policy.ts:
 * - the classics of any length ("password", "qwerty", "letmein"): a long password that is one of
 *   these with only digits or symbols around it ("Password2026!", "!!qwerty123456") is refused;
 * - passwords of 12 characters or more that are common as they are ("qwertyuiop123").
 */
export const COMMON_PASSWORDS: readonly string[] = [
  // The classics (any length): also refused with digits or symbols added before or after.
  'password', 'passwort', 'passwd', 'pass', 'pass1', 'passw0rd', 'p@ssw0rd', 'p@ssword', 'pa55word', 'pa$$word',
  'qwerty', 'qwertz', 'azerty', 'qwertyuiop', 'qwertyui', 'asdfgh', 'asdfghjkl', 'zxcvbn', 'zxcvbnm', 'qazwsx',
  '1qaz2wsx', 'qwe', 'qweasd', 'qweasdzxc', 'asdf', 'asdfasdf', 'abc', 'abcd', 'abcdef', 'abcdefg',
  'letmein', 'welcome', 'welcome1', 'iloveyou', 'iloveu', 'trustno1', 'admin', 'administrator', 'root', 'toor',
  'login', 'guest', 'user', 'test', 'tester', 'testing', 'default', 'changeme', 'secret', 'master',
  'monkey', 'dragon', 'shadow', 'sunshine', 'princess', 'football', 'baseball', 'basketball', 'soccer', 'hockey',
  'superman', 'batman', 'spiderman', 'starwars', 'pokemon', 'naruto', 'matrix', 'freedom', 'whatever', 'nothing',
  'hello', 'hellohello', 'helloworld', 'love', 'lovely', 'loveme', 'lover', 'friends', 'family', 'forever',
  'michael', 'jennifer', 'jessica', 'jordan', 'jordan23', 'michelle', 'ashley', 'amanda', 'daniel', 'andrew',
  'joshua', 'thomas', 'robert', 'charlie', 'george', 'william', 'matthew', 'anthony', 'nicole', 'samantha',
  'hunter', 'buster', 'tigger', 'pepper', 'maggie', 'ginger', 'bailey', 'cookie', 'peanut', 'snoopy',
  'harley', 'mustang', 'corvette', 'ferrari', 'porsche', 'mercedes', 'camaro', 'yamaha', 'ranger', 'thunder',
  'killer', 'hammer', 'silver', 'golden', 'diamond', 'orange', 'purple', 'yellow', 'banana', 'cheese',
  'chicken', 'coffee', 'summer', 'winter', 'spring', 'autumn', 'london', 'chicago', 'dallas', 'boston',
  'yankees', 'lakers', 'cowboys', 'steelers', 'eagles', 'redsox', 'liverpool', 'chelsea', 'arsenal', 'barcelona',
  'computer', 'internet', 'samsung', 'google', 'apple', 'iphone', 'android', 'windows', 'linux', 'microsoft',
  'merlin', 'gandalf', 'phoenix', 'falcon', 'maverick', 'wizard', 'angel', 'angels', 'jesus', 'christ',
  'blessed', 'heaven', 'flower', 'butterfly', 'babygirl', 'baby', 'mother', 'father', 'sister', 'brother',
  'money', 'cash', 'access', 'enter', 'please', 'private', 'security', 'system', 'server', 'office',
  'monday', 'friday', 'january', 'february', 'march', 'april', 'august', 'september', 'october', 'november',
  'december', 'hospital', 'nurse', 'nursing', 'doctor', 'physician', 'medical', 'medicine', 'clinic', 'health',
  'healthcare', 'patient', 'detox', 'detoxwatch', 'detox-watch', 'recovery', 'rehab', 'epic', 'cerner', 'meditech',
  // Common as they are, 12 characters or more.
  '123456789012', '1234567890123', '12345678901234', '123456789123', '1234567891011', '123456789101', '123123123123',
  '111111111111', '000000000000', '121212121212', '112233445566', '123412341234', '123451234512345', '987654321098',
  '098765432109', '147258369147', '159357159357', '741852963741', '1q2w3e4r5t6y', '1q2w3e4r5t6y7u', '1q2w3e4r5t6y7u8i',
  'q1w2e3r4t5y6', 'q1w2e3r4t5y6u7', 'q1w2e3r4t5y6u7i8o9p0', '1qaz2wsx3edc', '1qaz2wsx3edc4rfv', '1qazxsw23edc',
  'zaq12wsxcde3', 'zaq1zaq1zaq1', 'zaq1xsw2cde3', 'qazwsxedcrfv', 'qazwsxedcrfvtgb', 'qazwsxedcrfvtgbyhn',
  'qwertyuiop123', 'qwertyuiop1234', 'qwertyuiop12', 'qwertyuiopasdf', 'qwertyuiopasdfghjkl', 'qwertyuiopasdfghjklzxcvbnm',
  'qwerty123456', 'qwerty1234567', 'qwerty12345678', 'qwerty123456789', 'qwertyqwerty', 'qwertyqwerty1', 'qwerty!@#$%^',
  '1234567890qwerty', 'qwerty1234567890', '1234qwerasdf', '1234qwerasdfzxcv', 'qwer1234asdf', 'qwerasdfzxcv',
  'asdfghjkl123', 'asdfghjkl1234', 'asdfghjklqwerty', 'asdfasdfasdf', 'asdf1234asdf', 'zxcvbnm12345', 'zxcvbnm123456',
  'zxcvbnmasdfghjkl', 'abcdefghijkl', 'abcdefghijklm', 'abcdefghijklmnop', 'abcdefghijklmnopqrstuvwxyz', 'abc123abc123',
  'abcd1234abcd', 'abcd1234abcd1234', 'abcd12345678', 'abc123456789', 'abc1234567890', 'a1b2c3d4e5f6', 'a1s2d3f4g5h6',
  '!@#$%^&*()_+', '!q@w#e$r%t^y', '1!2@3#4$5%6^', 'password1234', 'password12345', 'password123456', 'password1234567',
  'password123!', 'password!123', 'password@123', 'password#123', 'password1!', 'passwordpassword', 'password2020',
  'password2021', 'password2022', 'password2023', 'password2024', 'password2025', 'password2026', 'p@ssw0rd1234',
  'p@ssword1234', 'passw0rd1234', 'passw0rd123!', 'mypassword123', 'mypassword1234', 'thisismypassword', 'newpassword123',
  'newpassword1', 'temppassword', 'temppassword1', 'temporary123', 'rootpassword', 'adminpassword', 'defaultpassword',
  'changemenow', 'changeme1234', 'changeme123!', 'default12345', 'administrator1', 'administrator123', 'adminadmin123',
  'admin1234567', 'admin123456789', 'superadmin123', 'letmein12345', 'letmeinplease', 'letmeinnow123', 'welcome12345',
  'welcome123456', 'welcome1234!', 'welcometothejungle', 'welcomehome123', 'iloveyou1234', 'iloveyou123456',
  'iloveyouforever', 'iloveyoubaby', 'iloveyousomuch', 'iloveyoumore', 'ihateyou1234', 'trustno1trustno1',
  'correcthorsebatterystaple', 'thequickbrownfox', 'thequickbrownfoxjumpsoverthelazydog', 'onetwothreefour',
  'manchesterunited', 'manchester123', 'liverpoolfc123', 'chelseafc1234', 'michaeljordan', 'michaeljackson',
  'spongebob123', 'spongebobsquarepants', 'harrypotter', 'harrypotter123', 'lordoftherings', 'gameofthrones',
  'starwars1234', 'pokemon12345', 'football1234', 'football12345', 'baseball1234', 'basketball12', 'basketball123',
  'monkey123456', 'dragon123456', 'superman1234', 'batman123456', 'princess1234', 'sunshine1234', 'babygirl1234',
  'jessica123456', 'christopher', 'christopher1', 'elizabeth123', 'alexander123', 'blink182blink182',
  'hospital1234', 'hospital123!', 'nurse1234567', 'doctor123456', 'welcome2work', 'welcometowork', 'healthcare123',
  'detoxwatch123', 'detoxwatch2026',
];
