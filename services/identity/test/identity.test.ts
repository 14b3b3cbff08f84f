import { randomBytes, randomUUID } from 'node:crypto';
import { copyFile, cp, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemoryBus } from '@rcr/platform';
import {
  AppError,
  ConfigError,
  KeyRing,
  callUnary,
  loadConfig,
  openEmbeddedBus,
  openPglite,
  openPostgres,
  openServiceDatabase,
  type Actor,
  type Database,
  type RunningService,
} from '@rcr/platform';
import { JWT_AUDIENCE, JWT_ISSUER, protos, type IdentityV1, type RcrEvent } from '@rcr/contracts';
import { distributedAvailable, freshDatabase } from '../../../test/support/infra.ts';
import { generateSigningKey } from '../src/domain/tokens.ts';
import { identityConfigSchema, startIdentityService } from '../src/index.ts';
import { asGateway, TEST_INTERNAL_ENV } from '../../../test/support/internal-auth.ts';

type Client = InstanceType<typeof protos.identity.IdentityService>;

const ADMIN = { email: 'admin@rcr.local', password: 'admin-secret-password' };

function configFor(dataDir: string, env: Record<string, string> = {}) {
  return loadConfig(identityConfigSchema, {
    ...TEST_INTERNAL_ENV,
    RCR_DATA_DIR: dataDir,
    RCR_ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: 'silent',
    ...env,
  });
}

let service: RunningService;
let client: Client;
let bus: MemoryBus;
const received: RcrEvent[] = [];
let admin: Actor;

beforeAll(async () => {
  bus = await openEmbeddedBus({ namespace: 'test', retrySchedule: [5, 5] });
  await bus.subscribe({
    group: 'identity-test',
    types: ['editor.registered', 'editor.updated'],
    handler: async (event) => void received.push(event),
  });
  service = await startIdentityService({ config: configFor('memory://'), bus });
  client = asGateway(new protos.identity.IdentityService(service.address, grpc.credentials.createInsecure()));
  const pair = await login(ADMIN.email, ADMIN.password);
  admin = { id: decodeJwt(pair.accessToken).sub as string, role: 'admin' };
});

afterAll(async () => {
  client?.close();
  await service?.stop();
  await bus.close();
});

// --- helpers: every call goes through a real gRPC client, as the gateway makes it -------------------

function login(email: string, password: string, on: Client = client): Promise<IdentityV1.TokenPair__Output> {
  return callUnary(on, on.Login, { email, password });
}

function refresh(refreshToken: string): Promise<IdentityV1.TokenPair__Output> {
  return callUnary(client, client.Refresh, { refreshToken });
}

function createEditor(
  input: Partial<IdentityV1.CreateEditorRequest> = {},
  actor: Actor | null = admin,
): Promise<IdentityV1.Editor__Output> {
  const request = {
    email: `${randomUUID()}@example.com`,
    name: 'Ana Lens',
    password: 'a-long-enough-password',
    role: 'editor',
    ...input,
  };
  return callUnary(client, client.CreateEditor, request, { actor: actor ?? undefined });
}

async function jwks(on: Client = client): Promise<JSONWebKeySet> {
  const { json } = await callUnary<IdentityV1.Empty, IdentityV1.Jwks__Output>(on, on.GetJwks, {});
  return JSON.parse(json) as JSONWebKeySet;
}

async function verify(token: string, options: { currentDate?: Date } = {}, on: Client = client) {
  return jwtVerify(token, createLocalJWKSet(await jwks(on)), {
    issuer: JWT_ISSUER,
    audience: JWT_AUDIENCE,
    algorithms: ['EdDSA'],
    ...options,
  });
}

/** The AppError a call failed with (fails the test when the call succeeds). */
async function failure(promise: Promise<unknown>): Promise<AppError> {
  const outcome = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(outcome).toBeInstanceOf(AppError);
  return outcome as AppError;
}

async function eventFor(type: RcrEvent['type'], subject: string): Promise<RcrEvent> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const event = received.find((e) => e.type === type && e.subject === subject);
    if (event) return event;
    if (Date.now() > deadline) throw new Error(`no ${type} event for ${subject}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

// --- tests ------------------------------------------------------------------------------------------

describe('login', () => {
  it('when an editor logs in with the right password, then a 15-minute JWT verifiable with the JWKS is returned', async () => {
    const editor = await createEditor({ name: 'Bea Shutter' });

    const pair = await login(editor.email, 'a-long-enough-password');

    expect(pair.expiresIn).toBe(900);
    expect(pair.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const { payload, protectedHeader } = await verify(pair.accessToken);
    expect(protectedHeader.alg).toBe('EdDSA');
    expect(protectedHeader.kid).toBe((await jwks()).keys[0]?.kid);
    expect(payload).toMatchObject({ sub: editor.id, role: 'editor', name: 'Bea Shutter' });
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(900);
  });

  it('when the email is typed in another case, then the login still succeeds', async () => {
    const editor = await createEditor();

    const pair = await login(editor.email.toUpperCase(), 'a-long-enough-password');

    expect(decodeJwt(pair.accessToken).sub).toBe(editor.id);
  });

  it('when the password is wrong or the email unknown, then both fail with the same error', async () => {
    const editor = await createEditor();

    const wrongPassword = await failure(login(editor.email, 'not-the-password'));
    const unknownEmail = await failure(login(`${randomUUID()}@example.com`, 'not-the-password'));

    for (const err of [wrongPassword, unknownEmail]) {
      expect(err.kind).toBe('unauthenticated');
      expect(err.code).toBe('INVALID_CREDENTIALS');
      expect(err.message).toBe('invalid email or password');
    }
  });

  it('when the JWKS is fetched, then it holds only public Ed25519 keys marked for EdDSA signatures', async () => {
    const { keys } = await jwks();

    expect(keys).toHaveLength(1);
    expect(keys[0]).toEqual({
      kty: 'OKP',
      crv: 'Ed25519',
      x: expect.any(String),
      kid: expect.any(String),
      alg: 'EdDSA',
      use: 'sig',
    });
  });
});

describe('access tokens', () => {
  it('when an access token is past its expiry, then verification fails', async () => {
    const pair = await login(ADMIN.email, ADMIN.password);

    const in16Minutes = new Date(Date.now() + 16 * 60 * 1000);

    await expect(verify(pair.accessToken, { currentDate: in16Minutes })).rejects.toMatchObject({
      code: 'ERR_JWT_EXPIRED',
    });
  });

  it('when an access token is tampered with, then verification fails', async () => {
    const pair = await login((await createEditor()).email, 'a-long-enough-password');
    const [header, payload, signature] = pair.accessToken.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url');

    await expect(verify(`${header}.${forged}.${signature}`)).rejects.toMatchObject({
      code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
    });
    expect(decodeProtectedHeader(pair.accessToken).kid).toBeTruthy();
  });
});

describe('refresh', () => {
  it('when a refresh token is presented, then a new pair is issued and the new refresh token works in turn', async () => {
    const editor = await createEditor();
    const first = await login(editor.email, 'a-long-enough-password');

    const second = await refresh(first.refreshToken);
    const third = await refresh(second.refreshToken);

    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect((await verify(second.accessToken)).payload.sub).toBe(editor.id);
    expect((await verify(third.accessToken)).payload.sub).toBe(editor.id);
  });

  it('when a spent refresh token is presented again, then the whole family is revoked, newest token included', async () => {
    const editor = await createEditor();
    const first = await login(editor.email, 'a-long-enough-password');
    const second = await refresh(first.refreshToken);

    const reuse = await failure(refresh(first.refreshToken));
    const newest = await failure(refresh(second.refreshToken));

    expect(reuse).toMatchObject({ kind: 'unauthenticated', code: 'REFRESH_TOKEN_REUSED' });
    expect(newest).toMatchObject({ kind: 'unauthenticated', code: 'REFRESH_TOKEN_INVALID' });
  });

  it('when a family is revoked, then other sessions of the same editor keep working', async () => {
    const editor = await createEditor();
    const laptop = await login(editor.email, 'a-long-enough-password');
    const phone = await login(editor.email, 'a-long-enough-password');
    await refresh(laptop.refreshToken);

    await failure(refresh(laptop.refreshToken));

    await expect(refresh(phone.refreshToken)).resolves.toMatchObject({ expiresIn: 900 });
  });

  it('when an unknown refresh token is presented, then it fails as invalid', async () => {
    const err = await failure(refresh('not-a-token-we-issued'));

    expect(err).toMatchObject({ kind: 'unauthenticated', code: 'REFRESH_TOKEN_INVALID' });
  });
});

describe('logout', () => {
  it('when an editor logs out with a refresh token, then that session ends and others remain', async () => {
    const editor = await createEditor();
    const laptop = await login(editor.email, 'a-long-enough-password');
    const phone = await login(editor.email, 'a-long-enough-password');

    await callUnary(client, client.Logout, { refreshToken: laptop.refreshToken });

    expect((await failure(refresh(laptop.refreshToken))).code).toBe('REFRESH_TOKEN_INVALID');
    await expect(refresh(phone.refreshToken)).resolves.toBeTruthy();
  });

  it('when an editor logs out without a refresh token, then all their sessions end', async () => {
    const editor = await createEditor();
    const laptop = await login(editor.email, 'a-long-enough-password');
    const phone = await login(editor.email, 'a-long-enough-password');

    await callUnary(client, client.Logout, {}, { actor: { id: editor.id, role: 'editor' } });

    expect((await failure(refresh(laptop.refreshToken))).code).toBe('REFRESH_TOKEN_INVALID');
    expect((await failure(refresh(phone.refreshToken))).code).toBe('REFRESH_TOKEN_INVALID');
  });

  it('when nobody is authenticated and no refresh token is given, then logout is refused', async () => {
    const err = await failure(callUnary(client, client.Logout, {}));

    expect(err).toMatchObject({ kind: 'unauthenticated', code: 'UNAUTHENTICATED' });
  });
});

describe('editor accounts', () => {
  it('when an admin creates an editor, then editor.registered is published and the answer has no password hash', async () => {
    const email = `${randomUUID()}@Example.com`;

    const editor = await createEditor({ email, name: 'Caio Aperture' });

    expect(editor).toMatchObject({
      email: email.toLowerCase(),
      name: 'Caio Aperture',
      role: 'editor',
      active: true,
      version: 1,
    });
    expect(Object.keys(editor)).not.toContain('passwordHash');
    const event = await eventFor('editor.registered', editor.id);
    expect(event).toMatchObject({
      source: 'identity',
      data: {
        editorId: editor.id,
        email: email.toLowerCase(),
        name: 'Caio Aperture',
        role: 'editor',
        active: true,
      },
    });
  });

  it('when the email is already taken (in any case), then creation fails with a conflict', async () => {
    const editor = await createEditor();

    const err = await failure(createEditor({ email: editor.email.toUpperCase() }));

    expect(err).toMatchObject({ kind: 'conflict', code: 'EMAIL_TAKEN' });
  });

  it('when a non-admin creates an editor, then it is forbidden; without a caller it is unauthenticated', async () => {
    const editor = await createEditor();

    const asEditor = await failure(createEditor({}, { id: editor.id, role: 'editor' }));
    const anonymous = await failure(createEditor({}, null));

    expect(asEditor).toMatchObject({ kind: 'forbidden', code: 'FORBIDDEN' });
    expect(anonymous).toMatchObject({ kind: 'unauthenticated', code: 'UNAUTHENTICATED' });
  });

  it('when the input is invalid, then every bad field is reported', async () => {
    const err = await failure(
      createEditor({ email: 'not-an-email', name: '', password: 'short', role: 'owner' }),
    );

    expect(err).toMatchObject({ kind: 'invalid', code: 'VALIDATION_FAILED' });
    expect(err.fields.map((f) => f.field).sort()).toEqual(['email', 'name', 'password', 'role']);
  });

  it('when an editor is deactivated, then they can no longer log in or refresh, and editor.updated is published', async () => {
    const editor = await createEditor();
    const session = await login(editor.email, 'a-long-enough-password');

    await callUnary(client, client.DeactivateEditor, { id: editor.id }, { actor: admin });
    await callUnary(client, client.DeactivateEditor, { id: editor.id }, { actor: admin });

    expect((await failure(login(editor.email, 'a-long-enough-password'))).code).toBe('INVALID_CREDENTIALS');
    expect((await failure(refresh(session.refreshToken))).code).toBe('REFRESH_TOKEN_INVALID');
    expect((await eventFor('editor.updated', editor.id)).data).toMatchObject({ active: false });
    expect(received.filter((e) => e.type === 'editor.updated' && e.subject === editor.id)).toHaveLength(1);
  });

  it('when an admin updates an editor, then the version is bumped, editor.updated is published and the new password works', async () => {
    const editor = await createEditor();

    const updated = await callUnary(
      client,
      client.UpdateEditor,
      { id: editor.id, name: 'Renamed Person', password: 'another-long-password' },
      { actor: admin },
    );

    expect(updated).toMatchObject({ name: 'Renamed Person', role: 'editor', active: true, version: 2 });
    expect((await eventFor('editor.updated', editor.id)).data).toMatchObject({ name: 'Renamed Person' });
    await expect(login(editor.email, 'another-long-password')).resolves.toBeTruthy();
    expect((await failure(login(editor.email, 'a-long-enough-password'))).code).toBe('INVALID_CREDENTIALS');
  });

  it("when a new password is made of the account's email or name, then the update is refused and the old password still works", async () => {
    const editor = await createEditor({ email: `${randomUUID()}@example.com`, name: 'Ines Obturador' });

    const err = await failure(
      callUnary(
        client,
        client.UpdateEditor,
        { id: editor.id, password: 'InesObturador1!' },
        { actor: admin },
      ),
    );

    expect(err).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(err.fields).toEqual([
      { field: 'password', message: expect.stringContaining("the account's email or name") },
    ]);
    await expect(login(editor.email, 'a-long-enough-password')).resolves.toBeTruthy();
  });

  it('when a password is typed in another Unicode form (composed or decomposed), then it is the same password', async () => {
    const composed = 'ca\u00f1\u00f3n-de-la-lente'; // ñ and ó as one code point each
    const decomposed = composed.normalize('NFD'); // n + combining tilde, o + combining acute
    const editor = await createEditor({ password: decomposed });

    await expect(login(editor.email, composed)).resolves.toBeTruthy();
    await expect(login(editor.email, decomposed)).resolves.toBeTruthy();
  });

  it('when the only active admin is demoted, then it is refused so someone can still manage accounts', async () => {
    const err = await failure(
      callUnary(client, client.UpdateEditor, { id: admin.id, role: 'editor' }, { actor: admin }),
    );

    expect(err).toMatchObject({ kind: 'conflict', code: 'LAST_ADMIN' });
  });

  it('when an unknown editor is updated or deactivated, then it is not found', async () => {
    const update = await failure(
      callUnary(client, client.UpdateEditor, { id: randomUUID(), name: 'X' }, { actor: admin }),
    );
    const deactivate = await failure(
      callUnary(client, client.DeactivateEditor, { id: 'not-a-uuid' }, { actor: admin }),
    );

    expect(update).toMatchObject({ kind: 'not-found', code: 'EDITOR_NOT_FOUND' });
    expect(deactivate).toMatchObject({ kind: 'not-found', code: 'EDITOR_NOT_FOUND' });
  });

  it("when an editor reads their own account, then they get it; another editor's account is forbidden", async () => {
    const me = await createEditor();
    const other = await createEditor();
    const actor: Actor = { id: me.id, role: 'editor' };

    const own = await callUnary(client, client.GetEditor, { id: me.id }, { actor });
    const err = await failure(callUnary(client, client.GetEditor, { id: other.id }, { actor }));

    expect(own).toEqual(me);
    expect(err).toMatchObject({ kind: 'forbidden', code: 'FORBIDDEN' });
  });

  it('when an admin lists editors, then they come newest first with the total, and a limit above 100 is clamped', async () => {
    const older = await createEditor();
    const newer = await createEditor();

    const page = await callUnary<IdentityV1.ListEditorsRequest, IdentityV1.EditorList__Output>(
      client,
      client.ListEditors,
      { page: 1, limit: 2 },
      { actor: admin },
    );
    const tooBig = await callUnary<IdentityV1.ListEditorsRequest, IdentityV1.EditorList__Output>(
      client,
      client.ListEditors,
      { page: 1, limit: 101 },
      { actor: admin },
    );

    expect(page.items.map((e) => e.id)).toEqual([newer.id, older.id]);
    expect(page.total).toBeGreaterThanOrEqual(3);
    expect(tooBig.items.length).toBe(Math.min(100, tooBig.total));
  });
});

describe('editor updates with an expected version', () => {
  it('when the expected version is stale, then VERSION_MISMATCH and nothing changes; the current one applies', async () => {
    const editor = await createEditor({ name: 'Version One' });
    await callUnary(client, client.UpdateEditor, { id: editor.id, name: 'Version Two' }, { actor: admin });

    const stale = await failure(
      callUnary(
        client,
        client.UpdateEditor,
        { id: editor.id, name: 'Lost', expectedVersion: 1 },
        { actor: admin },
      ),
    );
    const unchanged = await callUnary(client, client.GetEditor, { id: editor.id }, { actor: admin });
    const current = await callUnary(
      client,
      client.UpdateEditor,
      { id: editor.id, name: 'Version Three', expectedVersion: 2 },
      { actor: admin },
    );

    expect(stale).toMatchObject({ kind: 'precondition-failed', code: 'VERSION_MISMATCH' });
    expect(unchanged).toMatchObject({ name: 'Version Two', version: 2 });
    expect(current).toMatchObject({ name: 'Version Three', version: 3 });
  });
});

describe('editor lists', () => {
  function list(request: IdentityV1.ListEditorsRequest): Promise<IdentityV1.EditorList__Output> {
    return callUnary(client, client.ListEditors, request, { actor: admin });
  }

  /** Every id of a list, following next_cursor from the first page to the last. */
  async function walk(request: IdentityV1.ListEditorsRequest): Promise<IdentityV1.Editor__Output[]> {
    const items: IdentityV1.Editor__Output[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 200; pages++) {
      const page = await list({ ...request, ...(cursor ? { cursor } : {}) });
      items.push(...page.items);
      if (page.nextCursor === '') return items;
      cursor = page.nextCursor;
    }
    throw new Error('the cursor walk did not end');
  }

  it('when sorted by name either way, then the accounts come in that order', async () => {
    const tag = randomUUID();
    for (const letter of ['B', 'C', 'A']) await createEditor({ name: `Sorted ${tag} ${letter}` });
    const mine = (items: IdentityV1.Editor__Output[]) =>
      items.filter((e) => e.name.includes(tag)).map((e) => e.name.slice(-1));

    const ascending = await walk({ sort: ['name'], limit: 100 });
    const descending = await walk({ sort: ['-name'], limit: 100 });

    expect(mine(ascending)).toEqual(['A', 'B', 'C']);
    expect(mine(descending)).toEqual(['C', 'B', 'A']);
  });

  it.each([[[]], [['role', '-name']], [['email']], [['-createdAt']]])(
    'when the list sorted by %j is walked by cursor, then it matches page/limit order without gaps or repeats',
    async (sort) => {
      for (let i = 0; i < 3; i++) await createEditor({ name: 'Same Name' });
      const request = { sort, limit: 3 };

      const byCursor = (await walk(request)).map((e) => e.id);
      const first = await list(request);
      const byPage: string[] = [];
      for (let page = 1; page <= Math.ceil(first.total / 3); page++)
        byPage.push(...(await list({ ...request, page })).items.map((e) => e.id));

      expect(byCursor).toHaveLength(first.total);
      expect(new Set(byCursor).size).toBe(first.total);
      expect(byCursor).toEqual(byPage);
    },
  );

  it('when filtered by role and active, then only matching accounts come back and total counts them', async () => {
    const inactive = await createEditor({ name: 'Gone Editor' });
    await callUnary(client, client.DeactivateEditor, { id: inactive.id }, { actor: admin });
    const secondAdmin = await createEditor({ role: 'admin' });

    const admins = await walk({ role: 'admin', limit: 2 });
    const deactivated = await list({ active: false, limit: 100 });
    const activeEditors = await list({ role: 'editor', active: true, limit: 1 });
    const all = await walk({ limit: 100 });

    const ids = (items: IdentityV1.Editor__Output[]) => items.map((e) => e.id);
    expect(ids(admins)).toEqual(ids(all.filter((e) => e.role === 'admin')));
    expect(ids(admins)).toEqual(expect.arrayContaining([admin.id, secondAdmin.id]));
    expect(ids(deactivated.items)).toEqual(ids(all.filter((e) => !e.active)));
    expect(ids(deactivated.items)).toContain(inactive.id);
    expect(deactivated.total).toBe(deactivated.items.length);
    expect(activeEditors.items).toHaveLength(1);
    expect(activeEditors.total).toBe(all.filter((e) => e.role === 'editor' && e.active).length);
    expect(activeEditors.nextCursor).not.toBe('');
  });

  it('when the sort field, the role filter or the cursor is not valid, then VALIDATION_FAILED names it', async () => {
    const page = await list({ sort: ['email'], limit: 1 });

    const badSort = await failure(list({ sort: ['passwordHash'] }));
    const badRole = await failure(list({ role: 'owner' }));
    const forged = await failure(list({ cursor: 'bm90LWEtY3Vyc29y' }));
    const otherSort = await failure(list({ sort: ['-name'], cursor: page.nextCursor }));

    expect(badSort.fields.map((f) => f.field)).toEqual(['sort']);
    expect(badRole.fields.map((f) => f.field)).toEqual(['role']);
    expect(forged.fields.map((f) => f.field)).toEqual(['cursor']);
    expect(otherSort.fields.map((f) => f.field)).toEqual(['cursor']);
    for (const err of [badSort, badRole, forged, otherSort])
      expect(err).toMatchObject({ kind: 'invalid', code: 'VALIDATION_FAILED' });
  });
});

describe('restart', () => {
  it('when the service restarts on the same data, then the signing key and the admin account survive', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'rcr-identity-'));
    try {
      const first = await startIdentityService({
        config: configFor(dataDir),
        bus,
      });
      const firstClient = asGateway(
        new protos.identity.IdentityService(first.address, grpc.credentials.createInsecure()),
      );
      const before = await jwks(firstClient);
      const token = (await login(ADMIN.email, ADMIN.password, firstClient)).accessToken;
      firstClient.close();
      await first.stop();

      const second = await startIdentityService({
        config: configFor(dataDir),
        bus,
      });
      const secondClient = asGateway(
        new protos.identity.IdentityService(second.address, grpc.credentials.createInsecure()),
      );
      try {
        expect(await jwks(secondClient)).toEqual(before);
        await expect(verify(token, {}, secondClient)).resolves.toBeTruthy();
        const actor: Actor = { id: decodeJwt(token).sub as string, role: 'admin' };
        const list = await callUnary<IdentityV1.ListEditorsRequest, IdentityV1.EditorList__Output>(
          secondClient,
          secondClient.ListEditors,
          { page: 1, limit: 10 },
          { actor },
        );
        expect(list.total).toBe(1);
        // Without RCR_ENCRYPTION_KEY the embedded service kept its generated key in the data dir.
        expect((await stat(join(dataDir, 'secrets', 'encryption-key'))).mode & 0o777).toBe(0o600);
      } finally {
        secondClient.close();
        await second.stop();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

// --- signing keys at rest: read straight from the database, on PGlite and (when reachable) PostgreSQL ---

const onPostgres = await distributedAvailable('identity signing keys at rest on PostgreSQL');
const MIGRATION_001 = fileURLToPath(new URL('../migrations/001_init.sql', import.meta.url));
const bindingOf = (kid: string) => `identity.signing_keys.private_jwk:${kid}`;
const keySpec = (kid: string) => `${kid}:${randomBytes(32).toString('base64')}`;

/** A fresh, empty place for identity's data: the env that points the service at it, and direct access. */
interface Store {
  env: Record<string, string>;
  /** Opens the identity schema directly (PGlite: only while no service has the data dir open). */
  open(): Promise<Database>;
  drop(): Promise<void>;
}

// These tests start the service several times in a row; on a busy machine PGlite reopens are slow.
const RESTARTS_TIMEOUT_MS = 180_000;

// Initialising a PGlite data dir is the slow part of a start, so it is done once and copied per test.
let template: Promise<string> | undefined;
function pgliteTemplate(): Promise<string> {
  template ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rcr-identity-template-'));
    await (await openPglite({ dataDir: dir, schema: 'identity' })).close();
    return dir;
  })();
  return template;
}
afterAll(async () => {
  if (template) await rm(await template, { recursive: true, force: true });
});

const stores: { name: string; available: boolean; create(): Promise<Store> }[] = [
  {
    name: 'PGlite',
    available: true,
    async create() {
      const dataDir = await mkdtemp(join(tmpdir(), 'rcr-identity-keys-'));
      await cp(await pgliteTemplate(), join(dataDir, 'identity'), { recursive: true });
      return {
        env: { RCR_DATA_DIR: dataDir },
        open: () => openPglite({ dataDir: join(dataDir, 'identity'), schema: 'identity' }),
        drop: () => rm(dataDir, { recursive: true, force: true }),
      };
    },
  },
  {
    name: 'PostgreSQL',
    available: onPostgres,
    async create() {
      const database = await freshDatabase('rcr_identity_keys');
      return {
        env: { DATABASE_URL: database.url, RCR_DATA_DIR: 'memory://' },
        open: () => openPostgres({ url: database.url, schema: 'identity', max: 1 }),
        drop: database.drop,
      };
    },
  },
];

/** Runs `fn` against an identity service started with `env`, then stops it. */
async function withService<T>(env: Record<string, string>, fn: (client: Client) => Promise<T>): Promise<T> {
  const running = await startIdentityService({
    config: configFor(env.RCR_DATA_DIR ?? 'memory://', env),
    bus,
  });
  const on = asGateway(
    new protos.identity.IdentityService(running.address, grpc.credentials.createInsecure()),
  );
  try {
    return await fn(on);
  } finally {
    on.close();
    await running.stop();
  }
}

/** The error an identity service started with `env` fails with (fails the test when it starts). */
async function failedStart(env: Record<string, string>): Promise<Error> {
  const started = await withService(env, async () => 'started').catch((err: unknown) => err as Error);
  expect(started).toBeInstanceOf(Error);
  return started as Error;
}

/** Every stored signing key as the database holds it, and each whole row rendered as text. */
async function storedKeys(store: Store) {
  const db = await store.open();
  try {
    return await db.query<{ kid: string; privateJwk: string; active: boolean; row: string }>(
      'SELECT kid, private_jwk::text AS "privateJwk", active, t::text AS row FROM signing_keys t ORDER BY kid',
    );
  } finally {
    await db.close();
  }
}

/** Whether `text` parses as JSON (a stored JWK would). */
function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

describe.each(stores)('signing keys at rest ($name)', ({ name, available, create }) => {
  beforeAll(async () => {
    if (available && name === 'PGlite') await pgliteTemplate();
  });

  it.skipIf(!available)(
    'when the service has signed a token, then the database holds its private key only encrypted, and refuses plain text',
    async () => {
      const store = await create();
      try {
        const key = keySpec('a1');
        const token = await withService({ ...store.env, RCR_ENCRYPTION_KEY: key }, async (on) => {
          return (await login(ADMIN.email, ADMIN.password, on)).accessToken;
        });

        const rows = await storedKeys(store);

        expect(rows).toHaveLength(1);
        const [stored] = rows as [(typeof rows)[0]];
        expect(stored.kid).toBe(decodeProtectedHeader(token).kid);
        expect(stored.privateJwk).toMatch(/^enc:v1:a1:[\w-]+:[\w-]+:[\w-]+$/);
        expect(isJson(stored.privateJwk)).toBe(false);
        expect(stored.row).not.toContain('"d"');
        const jwk = JSON.parse(KeyRing.parse(key).decrypt(stored.privateJwk, bindingOf(stored.kid))) as {
          d: string;
        };
        expect(jwk.d).toMatch(/^[\w-]{43}$/);
        expect(stored.row).not.toContain(jwk.d);
        const db = await store.open();
        try {
          await expect(
            db.query(
              "INSERT INTO signing_keys (kid, private_jwk, public_jwk, active) VALUES ('plain', $1, '{}', false)",
              [JSON.stringify(jwk)],
            ),
          ).rejects.toThrow(/signing_keys_private_jwk_encrypted/);
        } finally {
          await db.close();
        }
      } finally {
        await store.drop();
      }
    },
    RESTARTS_TIMEOUT_MS,
  );

  it.skipIf(!available)(
    'when restarted with the same key, then new tokens verify with the JWKS published before the restart',
    async () => {
      const store = await create();
      try {
        const env = { ...store.env, RCR_ENCRYPTION_KEY: keySpec('a1') };
        const before = await withService(env, (on) => jwks(on));

        const token = await withService(env, async (on) => {
          return (await login(ADMIN.email, ADMIN.password, on)).accessToken;
        });

        const { payload } = await jwtVerify(token, createLocalJWKSet(before), {
          issuer: JWT_ISSUER,
          audience: JWT_AUDIENCE,
          algorithms: ['EdDSA'],
        });
        expect(payload.sub).toBeTruthy();
      } finally {
        await store.drop();
      }
    },
    RESTARTS_TIMEOUT_MS,
  );

  it.skipIf(!available)(
    'when restarted with a wrong key, then it refuses to start and says why; a rotated ring re-encrypts under the new key',
    async () => {
      const store = await create();
      try {
        const original = keySpec('a1');
        const before = await withService({ ...store.env, RCR_ENCRYPTION_KEY: original }, (on) => jwks(on));

        // One start at a time: a PGlite data dir must never be opened by two instances at once.
        const sameIdOtherKey = await failedStart({ ...store.env, RCR_ENCRYPTION_KEY: keySpec('a1') });
        const otherId = await failedStart({ ...store.env, RCR_ENCRYPTION_KEY: keySpec('b2') });

        expect(sameIdOtherKey).toMatchObject({
          code: 'SECRET_UNREADABLE',
          message: expect.stringMatching(
            /signing_keys\.private_jwk.*does not authenticate under key id 'a1'/,
          ),
        });
        expect(otherId).toMatchObject({
          code: 'SECRET_KEY_UNKNOWN',
          message: expect.stringMatching(/key id 'a1', which is not in the key ring \(it has 'b2'/),
        });

        const rotated = `${keySpec('b2')},${original}`;
        const token = await withService({ ...store.env, RCR_ENCRYPTION_KEY: rotated }, async (on) => {
          return (await login(ADMIN.email, ADMIN.password, on)).accessToken;
        });
        await expect(
          jwtVerify(token, createLocalJWKSet(before), { issuer: JWT_ISSUER, audience: JWT_AUDIENCE }),
        ).resolves.toBeTruthy();
        expect((await storedKeys(store)).map((row) => row.privateJwk.slice(0, 10))).toEqual(['enc:v1:b2:']);
      } finally {
        await store.drop();
      }
    },
    RESTARTS_TIMEOUT_MS,
  );

  it.skipIf(!available)(
    'when a database from before encryption holds plain-text keys, then after a start they are encrypted and still sign',
    async () => {
      const store = await create();
      try {
        // The schema as it was before encryption at rest (migration 001 only), with keys stored the old way.
        const legacyMigrations = await mkdtemp(join(tmpdir(), 'rcr-identity-legacy-'));
        await copyFile(MIGRATION_001, join(legacyMigrations, '001_init.sql'));
        const retired = await generateSigningKey();
        const active = await generateSigningKey();
        const legacy = await openServiceDatabase(
          { RCR_DATA_DIR: 'memory://', ...store.env },
          'identity',
          legacyMigrations,
        );
        try {
          for (const [key, isActive] of [
            [retired, false],
            [active, true],
          ] as const)
            await legacy.query(
              `INSERT INTO signing_keys (kid, private_jwk, public_jwk, active, created_at)
               VALUES ($1, $2, $3, $4, now() - make_interval(days => $5))`,
              [
                key.kid,
                JSON.stringify(key.privateJwk),
                JSON.stringify(key.publicJwk),
                isActive,
                isActive ? 1 : 2,
              ],
            );
        } finally {
          await legacy.close();
          await rm(legacyMigrations, { recursive: true, force: true });
        }
        const key = keySpec('up1');

        const { token, published } = await withService(
          { ...store.env, RCR_ENCRYPTION_KEY: key },
          async (on) => ({
            token: (await login(ADMIN.email, ADMIN.password, on)).accessToken,
            published: await jwks(on),
          }),
        );

        expect(decodeProtectedHeader(token).kid).toBe(active.kid);
        expect(published.keys.map((k) => k.kid)).toEqual([retired.kid, active.kid]);
        await expect(
          jwtVerify(token, createLocalJWKSet({ keys: [{ ...active.publicJwk, kid: active.kid }] }), {
            issuer: JWT_ISSUER,
            audience: JWT_AUDIENCE,
          }),
        ).resolves.toBeTruthy();
        const rows = await storedKeys(store);
        const ring = KeyRing.parse(key);
        for (const original of [retired, active]) {
          const row = rows.find((r) => r.kid === original.kid);
          expect(row?.privateJwk).toMatch(/^enc:v1:up1:/);
          expect(row?.row).not.toContain(original.privateJwk.d as string);
          expect(JSON.parse(ring.decrypt(row?.privateJwk ?? '', bindingOf(original.kid)))).toEqual(
            original.privateJwk,
          );
        }
      } finally {
        await store.drop();
      }
    },
    RESTARTS_TIMEOUT_MS,
  );
});

describe('encryption key required in distributed mode', () => {
  it('when DATABASE_URL is set and RCR_ENCRYPTION_KEY is not, then the service refuses to start and says what to set', async () => {
    // Nothing listens on port 1: had the service gone on to open the database, it would fail differently.
    const err = await failedStart({
      RCR_DATA_DIR: 'memory://',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none',
    });

    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toMatch(/RCR_ENCRYPTION_KEY is required when DATABASE_URL is set/);
  });

  it('when RCR_ENCRYPTION_KEY holds a short key, then the config is refused naming the variable', () => {
    expect(() =>
      configFor('memory://', { RCR_ENCRYPTION_KEY: `k1:${randomBytes(16).toString('base64')}` }),
    ).toThrow(/RCR_ENCRYPTION_KEY: entry 1 \(key id 'k1'\): the key is 16 bytes/);
  });
});
