import { describe, expect, it } from 'vitest';
import { AppError } from '@rcr/platform';
import {
  assertAnAdminRemains,
  assertCanViewEditor,
  assertEditorChangesAreValid,
  assertIsAdmin,
  assertNewEditorIsValid,
  assertPasswordFitsAccount,
  isUuid,
} from './editor-rules.ts';

function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an AppError');
}

describe('assertNewEditorIsValid', () => {
  it('when the input is valid, then the email is lowercased and the name trimmed', () => {
    const valid = assertNewEditorIsValid({
      email: ' Ana@Example.COM ',
      name: '  Ana  ',
      password: 'lens-cap-4821',
      role: 'admin',
    });

    expect(valid).toEqual({
      email: 'ana@example.com',
      name: 'Ana',
      password: 'lens-cap-4821',
      role: 'admin',
    });
  });

  it('when every field is wrong, then each is reported with a message', () => {
    const err = thrown(() =>
      assertNewEditorIsValid({ email: 'ana@', name: ' ', password: '123456789', role: 'root' }),
    );

    expect(err).toMatchObject({ kind: 'invalid', code: 'VALIDATION_FAILED' });
    expect(err.fields).toEqual([
      { field: 'email', message: 'must be a valid email address' },
      { field: 'name', message: 'must not be empty' },
      { field: 'password', message: 'must be at least 10 characters' },
      { field: 'role', message: "must be 'admin' or 'editor'" },
    ]);
  });

  it('when the name is longer than 100 characters, then it is refused', () => {
    const err = thrown(() =>
      assertNewEditorIsValid({
        email: 'a@example.com',
        name: 'x'.repeat(101),
        password: 'lens-cap-4821',
        role: 'editor',
      }),
    );

    expect(err.fields).toEqual([{ field: 'name', message: 'must be at most 100 characters' }]);
  });
});

describe('assertEditorChangesAreValid', () => {
  it('when only some fields are given, then the others stay undefined', () => {
    expect(assertEditorChangesAreValid({ name: ' New ' })).toEqual({ name: 'New' });
  });

  it('when a given field is invalid, then it is reported', () => {
    expect(
      thrown(() => assertEditorChangesAreValid({ role: 'owner', password: 'short' })).fields.map(
        (f) => f.field,
      ),
    ).toEqual(['role', 'password']);
  });
});

describe('authorization rules', () => {
  it('when there is no caller, then admin-only actions are unauthenticated', () => {
    expect(thrown(() => assertIsAdmin(undefined))).toMatchObject({
      kind: 'unauthenticated',
      code: 'UNAUTHENTICATED',
    });
  });

  it('when the caller is an editor, then admin-only actions are forbidden', () => {
    expect(thrown(() => assertIsAdmin({ id: 'e1', role: 'editor' }))).toMatchObject({
      kind: 'forbidden',
      code: 'FORBIDDEN',
    });
  });

  it('when an editor views an account, then only their own is allowed; an admin may view any', () => {
    expect(assertCanViewEditor({ id: 'e1', role: 'editor' }, 'e1').id).toBe('e1');
    expect(assertCanViewEditor({ id: 'a1', role: 'admin' }, 'e1').id).toBe('a1');
    expect(thrown(() => assertCanViewEditor({ id: 'e1', role: 'editor' }, 'e2')).code).toBe('FORBIDDEN');
  });
});

describe('assertAnAdminRemains', () => {
  const admin = { id: 'a1', role: 'admin' as const, active: true };

  it('when the only active admin would be demoted or deactivated, then it is refused', () => {
    expect(thrown(() => assertAnAdminRemains(['a1'], admin, { role: 'editor', active: true })).code).toBe(
      'LAST_ADMIN',
    );
    expect(thrown(() => assertAnAdminRemains(['a1'], admin, { role: 'admin', active: false })).code).toBe(
      'LAST_ADMIN',
    );
  });

  it('when another active admin remains, or the target is not an admin, then it is allowed', () => {
    expect(() => assertAnAdminRemains(['a1', 'a2'], admin, { role: 'editor', active: false })).not.toThrow();
    expect(() =>
      assertAnAdminRemains(
        ['a1'],
        { id: 'e1', role: 'editor', active: true },
        { role: 'editor', active: false },
      ),
    ).not.toThrow();
  });
});

describe('isUuid', () => {
  it('when given a UUID, then true; anything else, false', () => {
    expect(isUuid('0190b3c4-2a3b-7c4d-8e5f-0123456789ab')).toBe(true);
    expect(isUuid('not-a-uuid')).toBe(false);
    expect(isUuid("0190b3c4-2a3b-7c4d-8e5f-0123456789ab' OR 1=1")).toBe(false);
  });
});

describe('assertPasswordFitsAccount', () => {
  it("when a new password is made of the account's email or name, then it is refused on the password field", () => {
    const account = { email: 'marta.lopez@example.com', name: 'Marta López' };

    expect(thrown(() => assertPasswordFitsAccount('MartaLopez1984', account)).fields).toEqual([
      { field: 'password', message: expect.stringContaining("the account's email or name") },
    ]);
    expect(() => assertPasswordFitsAccount('tripod-on-the-dune', account)).not.toThrow();
  });
});
