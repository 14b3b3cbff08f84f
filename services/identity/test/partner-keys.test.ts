import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { protos, type IdentityV1 } from '@rcr/contracts';
import { AppError, callUnary, loadConfig, openPglite, type Actor, type RunningService } from '@rcr/platform';
import { asGateway, TEST_INTERNAL_ENV } from '../../../test/support/internal-auth.ts';
import { identityConfigSchema, startIdentityService } from '../src/index.ts';

type Client = InstanceType<typeof protos.identity.IdentityService>;
const ADMIN = { email: 'admin@rcr.local', password: 'admin-secret-password' };

let dataDir: string;
let service: RunningService | undefined;
let client: Client;
let admin: Actor;

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'rcr-partner-keys-'));
  service = await startIdentityService({
    config: loadConfig(identityConfigSchema, {
      ...TEST_INTERNAL_ENV,
      RCR_DATA_DIR: dataDir,
      RCR_ADMIN_PASSWORD: ADMIN.password,
      LOG_LEVEL: 'silent',
    }),
  });
  client = asGateway(new protos.identity.IdentityService(service.address, grpc.credentials.createInsecure()));
  const pair: IdentityV1.TokenPair__Output = await callUnary(client, client.Login, ADMIN);
  admin = { id: decodeJwt(pair.accessToken).sub as string, role: 'admin' };
});

afterAll(async () => {
  client?.close();
  await service?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('partner API keys (identity service)', () => {
  it('when an admin makes a key, then it verifies until it is revoked, and the database holds only its SHA-256', async () => {
    const created: IdentityV1.CreatedPartnerKey__Output = await callUnary(
      client,
      client.CreatePartnerKey,
      { name: '  Camera shop  ' },
      { actor: admin },
    );
    const { key, secret } = created as { key: IdentityV1.PartnerKey__Output; secret: string };
    expect(secret).toMatch(/^rcrp_[A-Za-z0-9_-]{43}$/);
    expect(key).toMatchObject({ name: 'Camera shop', prefix: secret.slice(0, 11), createdBy: admin.id });
    expect(await callUnary(client, client.VerifyPartnerKey, { key: secret })).toMatchObject({ id: key.id });

    await callUnary(client, client.RevokePartnerKey, { id: key.id }, { actor: admin });
    expect((await rejection(callUnary(client, client.VerifyPartnerKey, { key: secret }))).code).toBe(
      'PARTNER_KEY_INVALID',
    );
    const listed: IdentityV1.PartnerKeyList__Output = await callUnary(
      client,
      client.ListPartnerKeys,
      {},
      { actor: admin },
    );
    expect(listed.items.find((k) => k.id === key.id)?.revokedAt).toEqual(expect.any(String));

    // Stopped, so the embedded database can be opened and read as stored.
    await service?.stop();
    service = undefined;
    const db = await openPglite({ dataDir: join(dataDir, 'identity'), schema: 'identity' });
    try {
      const rows = await db.query<Record<string, unknown>>('SELECT * FROM partner_keys');
      expect(rows).toHaveLength(1);
      expect(JSON.stringify(rows)).not.toContain(secret.slice(11));
      expect(rows[0]?.secret_hash).toBe(createHash('sha256').update(secret).digest('hex'));
    } finally {
      await db.close();
    }
  });
});

describe('partner API keys: who may do what', () => {
  beforeAll(async () => {
    if (service) return;
    service = await startIdentityService({
      config: loadConfig(identityConfigSchema, {
        ...TEST_INTERNAL_ENV,
        RCR_DATA_DIR: dataDir,
        RCR_ADMIN_PASSWORD: ADMIN.password,
        LOG_LEVEL: 'silent',
      }),
    });
    client.close();
    client = asGateway(
      new protos.identity.IdentityService(service.address, grpc.credentials.createInsecure()),
    );
  });

  it('when an editor or nobody manages keys, then it is refused; an unknown key or id is refused too', async () => {
    const editor: Actor = { id: '00000000-0000-4000-8000-000000000001', role: 'editor' };
    const denied = await rejection(
      callUnary(client, client.CreatePartnerKey, { name: 'x' }, { actor: editor }),
    );
    expect(denied.kind).toBe('forbidden');
    expect((await rejection(callUnary(client, client.ListPartnerKeys, {}))).kind).toBe('unauthenticated');
    const blank = await rejection(
      callUnary(client, client.CreatePartnerKey, { name: '  ' }, { actor: admin }),
    );
    expect(blank.fields.map((f) => f.field)).toEqual(['name']);
    const unknown = await rejection(
      callUnary(
        client,
        client.RevokePartnerKey,
        { id: '00000000-0000-4000-8000-000000000000' },
        { actor: admin },
      ),
    );
    expect(unknown.code).toBe('PARTNER_KEY_NOT_FOUND');
    expect((await rejection(callUnary(client, client.VerifyPartnerKey, { key: 'rcrp_guess' }))).kind).toBe(
      'unauthenticated',
    );
  });
});
