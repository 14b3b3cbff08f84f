// What makes a new password too easy to guess, after NIST SP 800-63B §3.1.1.2: no composition rules
// (no "one digit, one symbol"), but a password is refused when it is a commonly used one, a repeated or
// sequential pattern, or made of words of the context (the service's name, the account's email or name),
// and the answer says which. Checked where the account rules are (the gateway and identity both apply
// them).

/**
 * Base words of the passwords people pick most, as they appear once case, separators, trailing or leading
 * digits and symbols, and the usual letter-for-digit swaps ("p4ssw0rd") are taken away. A password that is
 * one of these (or one of them repeated) adds nothing an attacker's first guesses would not try.
 */
const COMMON_WORDS = new Set(
  `password passwort contrasena contrasenia clave secret secreto letmein welcome bienvenido
   iloveyou teamo admin administrator administrador root login user usuario guest default changeme
   test testing qwerty azerty qwertz asdf asdfgh asdfghjkl zxcvbnm qwertyuiop abc abcd abcdef
   monkey dragon master shadow sunshine princess princesa football futbol baseball soccer superman
   batman trustno whatever freedom starwars pokemon michael jordan charlie daniel maria jesus
   computer internet samsung google hello hola love amor money summer winter spring autumn verano
   invierno mypassword newpassword oldpassword mipassword passpass qazwsx qazwsxedc zaqxsw access
   temp temporal temporary pass passw senha motdepasse camera cameras camara camaras photo foto
   review reviews editor randomcamerareviews rcr`.split(/\s+/),
);

/** Key runs a pattern may follow: alphabet, digits and the common keyboard rows and columns. */
const RUNS = [
  'abcdefghijklmnopqrstuvwxyz',
  '0123456789',
  'qwertyuiopasdfghjklzxcvbnm',
  'azertyuiopqsdfghjklmwxcvbn',
  'qwertzuiopasdfghjklyxcvbnm',
  '1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p',
  'zaq1xsw2cde3vfr4bgt5nhy6mju7ki8lo9p0',
  'qazwsxedcrfvtgbyhnujmikolp',
  '1q2w3e4r5t6y7u8i9o0p',
  'q1w2e3r4t5y6u7i8o9p0',
  'a1b2c3d4e5f6g7h8i9j0',
];
const WALKS = RUNS.flatMap((run) => [run + run, [...(run + run)].reverse().join('')]);

/** Digits and symbols read as the letters they stand for, between letters ("p4ssw0rd"). */
const LEET: Readonly<Record<string, string>> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '8': 'b',
  '@': 'a',
  $: 's',
  '!': 'i',
};

const FOLD = (text: string) => text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();

/** The letters and digits of `text`, folded (case, accents), separators and symbols dropped. */
function alphanumerics(text: string): string {
  return FOLD(text).replace(/[^\p{L}\p{N}]/gu, '');
}

/**
 * The word a password is built on: folded, look-alike digits and symbols between letters read as letters,
 * then the digits and symbols around and between the letters dropped ("P4ssw0rd!2024" → "password").
 */
function skeleton(password: string): string {
  const folded = [...FOLD(password)];
  // Whether the first character after i that is not a look-alike is a letter.
  const letterAfter: boolean[] = [];
  for (let i = folded.length - 1, next = false; i >= 0; i--) {
    letterAfter[i] = next;
    const ch = folded[i] as string;
    if (LEET[ch] === undefined) next = /\p{L}/u.test(ch);
  }
  let read = '';
  folded.forEach((ch, i) => {
    const letterBefore = /\p{L}/u.test(read.at(-1) ?? '');
    read += LEET[ch] !== undefined && letterBefore && letterAfter[i] ? LEET[ch] : ch;
  });
  return read.replace(/[^\p{L}]/gu, '');
}

/** True when `text` is one shorter piece written two or more times ("abcabcabc", "1212121212"). */
function isRepetition(text: string): boolean {
  return /^(.+?)\1+$/su.test(text);
}

/** True when `text` is one `word` of the set, or one written over and over. */
function isMadeOf(text: string, words: ReadonlySet<string>): boolean {
  if (text === '') return false;
  if (words.has(text)) return true;
  const unit = /^(.+?)\1+$/su.exec(text)?.[1];
  return unit !== undefined && words.has(unit);
}

/** The words of an account a password should not be made of: its email, the email's local part, its name. */
function accountWords(account: { email?: string | undefined; name?: string | undefined }): string[] {
  const words: string[] = [];
  if (account.email) {
    words.push(alphanumerics(account.email));
    const local = account.email.split('@')[0] ?? '';
    words.push(alphanumerics(local), ...local.split(/[^\p{L}\p{N}]+/u).map(alphanumerics));
  }
  if (account.name) words.push(alphanumerics(account.name), ...account.name.split(/\s+/u).map(alphanumerics));
  return words.filter((word) => word.length >= 3);
}

/**
 * Why `password` is too easy to guess whoever chooses it, said for the person choosing it, or undefined
 * when it is not. The service's own names are among the common words. Length is checked separately
 * (the password limits).
 */
export function passwordWeakness(password: string): string | undefined {
  const chars = alphanumerics(password);
  const compact = FOLD(password).replace(/\s+/gu, '');
  if (new Set(compact).size < 4 || isRepetition(compact))
    return 'is a repeated pattern (too easy to guess): choose a longer mix, e.g. a few unrelated words';
  if (chars.length >= 6 && chars.length >= compact.length - 2 && WALKS.some((walk) => walk.includes(chars)))
    return 'is a sequence of letters, digits or keys (too easy to guess): choose a few unrelated words';
  if (isMadeOf(skeleton(password), COMMON_WORDS))
    return 'is a commonly used password (it is among the first an attacker tries): choose another';
  return undefined;
}

/**
 * Why `password` is too easy to guess for this account (made of its email or name), or undefined. The
 * rules that need no account are {@link passwordWeakness}'s.
 */
export function accountPasswordWeakness(
  password: string,
  account: { email?: string | undefined; name?: string | undefined },
): string | undefined {
  const words = accountWords(account);
  const chars = alphanumerics(password);
  if (isMadeOf(skeleton(password), new Set(words)) || (chars !== '' && words.includes(chars)))
    return "is made of the account's email or name (too easy to guess): choose another";
  return undefined;
}
