import { describe, expect, it } from 'vitest';
import { accountPasswordWeakness, passwordWeakness } from './password-rules.ts';

describe('passwordWeakness', () => {
  it.each([
    ['password123', 'commonly used'],
    ['P4ssw0rd!2024', 'commonly used'],
    ['Contraseña2025', 'commonly used'],
    ['qwerty123456', 'commonly used'],
    ['admin12345', 'commonly used'],
    ['RandomCameraReviews1', 'commonly used'],
    ['iloveyou2024!', 'commonly used'],
    ['aaaaaaaaaaaa', 'repeated pattern'],
    ['1212121212', 'repeated pattern'],
    ['abcabcabcabc', 'repeated pattern'],
    ['ab ab ab ab ab', 'repeated pattern'],
    ['0123456789', 'sequence'],
    ['9876543210', 'sequence'],
    ['abcdefghijkl', 'sequence'],
    ['qwertyuiop', 'sequence'],
    ['1qaz2wsx3edc', 'sequence'],
    ['7890123456', 'sequence'],
  ])('when the password is %j, then it is refused as %s', (password, why) => {
    expect(passwordWeakness(password)).toContain(why);
  });

  it.each([
    'correct horse battery staple',
    'mirror-lake-tripod-42',
    'Tr0ub4dor&3xq',
    'admin-demo-password',
    'a-long-password',
    'ñandú-bajo-la-lluvia',
    '7f3K9qLz2Wm4',
  ])('when the password is %j, then it is accepted', (password) => {
    expect(passwordWeakness(password)).toBeUndefined();
  });

  it("when the password is made of the account's email or name, then it is refused; other words of it are fine", () => {
    const account = { email: 'ana.garcia@example.com', name: 'Ana María García' };

    for (const password of [
      'AnaGarcia2024!',
      'ana.garcia@example.com',
      'anagarcia',
      'AnaMariaGarcia1',
      'garcia-garcia',
    ])
      expect(accountPasswordWeakness(password, account), password).toContain("the account's email or name");
    expect(accountPasswordWeakness('garcia-sunset-lens', account)).toBeUndefined();
  });
});
