import * as grpc from '@grpc/grpc-js';
import {
  CAMERA_LIMITS,
  CameraInputSchema,
  CameraPatchInputSchema,
  EDITOR_LIMITS,
  EditorCreateInputSchema,
  EditorUpdateInputSchema,
  LoginInputSchema,
  LogoutInputSchema,
  protos,
  RefreshInputSchema,
  REVIEW_LIMITS,
  ReviewCreateInputSchema,
  ReviewPatchInputSchema,
  ReviewReplaceInputSchema,
  type IdentityV1,
  type ReviewsV1,
} from '@rcr/contracts';
import { newId, type Actor } from '@rcr/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { EmbeddedSystem } from '../scripts/embedded.ts';
import { ApiClient } from './support/client.ts';
import { TEST_ADMIN } from './support/flow.ts';
import { TEST_INTERNAL_KEYS, testSigner } from './support/internal-auth.ts';
import { startTestSystem } from './support/system.ts';

/**
 * One set of input rules: the gateway and the services it calls apply the same ones, so a partner that
 * calls a service directly over gRPC gets exactly the gateway's answer. Each case sends the same input
 * through both doors — HTTP to the running gateway, and gRPC straight to the owning service — at a limit
 * (both accept) and just past it (the gateway answers 400 VALIDATION_FAILED, the service
 * INVALID_ARGUMENT, both with the same field errors).
 */

type FieldError = { field: string; message: string };
type Problem = { code: string; errors?: FieldError[] };

/** What a service answered: its reply, or its status with the error code and field errors it sent. */
type GrpcOutcome =
  | { ok: true; reply: Record<string, unknown> }
  | { ok: false; status: grpc.status; code: string; fields: FieldError[] };

let system: EmbeddedSystem;
let api: ApiClient;
let adminToken: string;
let reviews: ReviewsV1.ReviewsServiceClient;
let identity: IdentityV1.IdentityServiceClient;
let cameraId: string;
const actor: Actor = { id: newId(), role: 'admin' };

async function grpcCall(client: grpc.Client, method: string, request: object): Promise<GrpcOutcome> {
  const metadata = new grpc.Metadata();
  // Signed as the gateway signs its calls (the system was started with the test key pair).
  metadata.set('authorization', `Bearer ${await testSigner.token(actor)}`);
  const fn = (client as unknown as Record<string, grpc.requestCallback<object> | undefined>)[method];
  return new Promise((resolve) => {
    (fn as unknown as (...args: unknown[]) => void).call(
      client,
      request,
      metadata,
      { deadline: Date.now() + 10_000 },
      (err: grpc.ServiceError | null, reply: Record<string, unknown>) => {
        if (!err) return resolve({ ok: true, reply });
        const raw = err.metadata.get('x-error-fields-bin')[0];
        resolve({
          ok: false,
          status: err.code,
          code: String(err.metadata.get('x-error-code')[0] ?? ''),
          fields: Buffer.isBuffer(raw) ? (JSON.parse(raw.toString('utf8')) as FieldError[]) : [],
        });
      },
    );
  });
}

const unique = () => newId().replace(/-/g, '').slice(-10);
const chars = (n: number, c = 'x') => c.repeat(n);
/** `n` characters of no guessable pattern (a password at a length limit). */
const varied = (n: number) =>
  Array.from({ length: n }, (_, i) => 'kq7vz2mwrt'[(i * 7 + (i >> 3)) % 10]).join('');

/** One input sent through both doors; `refused` names the field both must refuse, if any. */
interface Case {
  name: string;
  path: string;
  service: 'reviews' | 'identity';
  rpc: string;
  input: () => Record<string, unknown>;
  refused?: string;
  /** Fields both answers must carry when accepted (defaults applied the same way). */
  expect?: Record<string, unknown>;
}

const review = (changes: Record<string, unknown> = {}) => ({
  cameraId,
  title: 'Agreement at the edge',
  body: 'Body',
  rating: 8,
  pros: ['Lens'],
  cons: ['Price'],
  verdict: 'Fine',
  language: 'es',
  ...changes,
});
const camera = (changes: Record<string, unknown> = {}) => ({
  brand: 'Agree',
  model: `M-${unique()}`,
  type: 'compact',
  specs: { megapixels: 24 },
  ...changes,
});
const account = (changes: Record<string, unknown> = {}) => ({
  email: `agree-${unique()}@test.rcr`,
  name: 'Agreeable Editor',
  password: 'a-long-password',
  role: 'editor',
  ...changes,
});
const withoutKey = (input: Record<string, unknown>, key: string) =>
  Object.fromEntries(Object.entries(input).filter(([k]) => k !== key));

const CASES: Case[] = [
  {
    name: 'a review title of max length',
    path: '/v1/reviews',
    service: 'reviews',
    rpc: 'CreateReview',
    input: () => review({ title: chars(REVIEW_LIMITS.title.max) }),
  },
  {
    name: 'a review title of max+1',
    path: '/v1/reviews',
    service: 'reviews',
    rpc: 'CreateReview',
    input: () => review({ title: chars(REVIEW_LIMITS.title.max + 1) }),
    refused: 'title',
  },
  {
    name: 'a blank review title',
    path: '/v1/reviews',
    service: 'reviews',
    rpc: 'CreateReview',
    input: () => review({ title: '     ' }),
    refused: 'title',
  },
  {
    name: 'a review title of zero-width spaces and a lone combining accent',
    path: '/v1/reviews',
    service: 'reviews',
    rpc: 'CreateReview',
    input: () => review({ title: '\u200b\u200b\u0301\u200b' }),
    refused: 'title',
  },
  {
    name: 'a camera release date that is no date',
    path: '/v1/cameras',
    service: 'reviews',
    rpc: 'CreateCamera',
    input: () => camera({ specs: { megapixels: 24, releasedOn: '2026-02-30' } }),
    refused: 'specs.releasedOn',
  },
  {
    name: 'a camera model of direction marks only',
    path: '/v1/cameras',
    service: 'reviews',
    rpc: 'CreateCamera',
    input: () => camera({ model: '\u200e\u200f\u2060' }),
    refused: 'model',
  },
  {
    name: 'a review title with a right-to-left override (text shown reordered)',
    path: '/v1/reviews',
    service: 'reviews',
    rpc: 'CreateReview',
    input: () => review({ title: 'Nikon Z8 \u202egnp.exe' }),
    refused: 'title',
  },
  {
    name: 'a pro with a line break',
    path: '/v1/reviews',
    service: 'reviews',
    rpc: 'CreateReview',
    input: () => review({ pros: ['Lens', 'Two\nlines'] }),
    refused: 'pros.1',
  },
  {
    name: 'a review body of paragraphs, tabs and right-to-left text',
    path: '/v1/reviews',
    service: 'reviews',
    rpc: 'CreateReview',
    input: () => review({ body: 'Uno.\r\n\n\tDos: \u2067مرحبا\u2069.' }),
    expect: { body: 'Uno.\r\n\n\tDos: \u2067مرحبا\u2069.' },
  },
  {
    name: 'a review verdict with a terminal escape sequence',
    path: '/v1/reviews',
    service: 'reviews',
    rpc: 'CreateReview',
    input: () => review({ verdict: 'Buy \u001b[2J it' }),
    refused: 'verdict',
  },
  {
    name: 'a rating of 1e-300 (within floating-point error of 0)',
    path: '/v1/reviews',
    service: 'reviews',
    rpc: 'CreateReview',
    input: () => review({ rating: 1e-300 }),
    refused: 'rating',
  },
  {
    name: 'the highest rating',
    path: '/v1/reviews',
    service: 'reviews',
    rpc: 'CreateReview',
    input: () => review({ rating: REVIEW_LIMITS.rating.max }),
  },
  {
    name: 'a rating with two decimals',
    path: '/v1/reviews',
    service: 'reviews',
    rpc: 'CreateReview',
    input: () => review({ rating: 7.25 }),
    refused: 'rating',
  },
  {
    name: 'a rating above the maximum',
    path: '/v1/reviews',
    service: 'reviews',
    rpc: 'CreateReview',
    input: () => review({ rating: 10.1 }),
    refused: 'rating',
  },
  {
    name: 'one pro too many',
    path: '/v1/reviews',
    service: 'reviews',
    rpc: 'CreateReview',
    input: () => review({ pros: Array(REVIEW_LIMITS.listItems + 1).fill('p') }),
    refused: 'pros',
  },
  {
    name: 'a review without a language',
    path: '/v1/reviews',
    service: 'reviews',
    rpc: 'CreateReview',
    input: () => withoutKey(review(), 'language'),
    expect: { language: 'en' },
  },
  {
    name: 'a camera brand of max length',
    path: '/v1/cameras',
    service: 'reviews',
    rpc: 'CreateCamera',
    input: () => camera({ brand: chars(CAMERA_LIMITS.brand.max, 'b') }),
  },
  {
    name: 'a camera brand of max+1',
    path: '/v1/cameras',
    service: 'reviews',
    rpc: 'CreateCamera',
    input: () => camera({ brand: chars(CAMERA_LIMITS.brand.max + 1, 'b') }),
    refused: 'brand',
  },
  {
    name: 'camera specs with isoMin above isoMax',
    path: '/v1/cameras',
    service: 'reviews',
    rpc: 'CreateCamera',
    input: () => camera({ specs: { isoMin: 6400, isoMax: 3200 } }),
    refused: 'specs.isoMin',
  },
  {
    name: 'a password of min length',
    path: '/v1/editors',
    service: 'identity',
    rpc: 'CreateEditor',
    input: () => account({ password: varied(EDITOR_LIMITS.password.min) }),
  },
  {
    name: 'a password of min-1',
    path: '/v1/editors',
    service: 'identity',
    rpc: 'CreateEditor',
    input: () => account({ password: varied(EDITOR_LIMITS.password.min - 1) }),
    refused: 'password',
  },
  {
    name: 'a commonly used password',
    path: '/v1/editors',
    service: 'identity',
    rpc: 'CreateEditor',
    input: () => account({ password: 'Passw0rd!2026' }),
    refused: 'password',
  },
  {
    name: 'a password of one character repeated',
    path: '/v1/editors',
    service: 'identity',
    rpc: 'CreateEditor',
    input: () => account({ password: chars(EDITOR_LIMITS.password.min) }),
    refused: 'password',
  },
  {
    name: "a password made of the account's email",
    path: '/v1/editors',
    service: 'identity',
    rpc: 'CreateEditor',
    input: () => {
      const fields = account();
      return { ...fields, password: `${fields.email}!` };
    },
    refused: 'password',
  },
  {
    name: 'an editor name of max+1',
    path: '/v1/editors',
    service: 'identity',
    rpc: 'CreateEditor',
    input: () => account({ name: chars(EDITOR_LIMITS.name.max + 1) }),
    refused: 'name',
  },
  {
    name: 'an editor name with a line break',
    path: '/v1/editors',
    service: 'identity',
    rpc: 'CreateEditor',
    input: () => account({ name: 'Ana\nAdmin' }),
    refused: 'name',
  },
  {
    name: 'an email of max+1',
    path: '/v1/editors',
    service: 'identity',
    rpc: 'CreateEditor',
    input: () => account({ email: `${chars(64)}@${chars(EDITOR_LIMITS.email.max - 64 - 4, 'd')}.com` }),
    refused: 'email',
  },
  {
    name: 'an account without a role',
    path: '/v1/editors',
    service: 'identity',
    rpc: 'CreateEditor',
    input: () => withoutKey(account(), 'role'),
    expect: { role: 'editor' },
  },
  {
    name: 'a login password of max+1',
    path: '/v1/auth/login',
    service: 'identity',
    rpc: 'Login',
    input: () => ({ email: TEST_ADMIN.email, password: chars(EDITOR_LIMITS.password.max + 1) }),
    refused: 'password',
  },
  {
    name: 'an empty refresh token',
    path: '/v1/auth/refresh',
    service: 'identity',
    rpc: 'Refresh',
    input: () => ({ refreshToken: '' }),
    refused: 'refreshToken',
  },
];

beforeAll(async () => {
  system = await startTestSystem({ RCR_INTERNAL_SIGNING_KEY: TEST_INTERNAL_KEYS.signingKey });
  api = new ApiClient(system.gateway.url);
  adminToken = (await api.login(TEST_ADMIN.email, TEST_ADMIN.password)).accessToken;
  const address = (name: string) => {
    const service = system.services.find((s) => s.name === name);
    if (!service) throw new Error(`no ${name} service in the test system`);
    return service.address;
  };
  const insecure = grpc.credentials.createInsecure();
  reviews = new protos.reviews.ReviewsService(address('reviews'), insecure);
  identity = new protos.identity.IdentityService(address('identity'), insecure);
  cameraId = (await api.must<{ id: string }>('POST', '/v1/cameras', camera(), adminToken, 201)).id;
});

afterAll(async () => {
  reviews?.close();
  identity?.close();
  await system?.stop();
});

describe('the gateway and the services apply the same input rules', () => {
  it.each(CASES.map((c) => [c.name, c] as const))(
    'when %s is sent to the gateway and straight to the service, then both give the same answer',
    async (_name, c) => {
      const client = c.service === 'reviews' ? reviews : identity;

      const viaGateway = await api.request<{ data: Record<string, unknown> } & Problem>('POST', c.path, {
        body: c.input(),
        token: adminToken,
      });
      const direct = await grpcCall(client, c.rpc, c.input());

      if (c.refused === undefined) {
        expect(viaGateway.status, JSON.stringify(viaGateway.body)).toBe(201);
        expect(direct, JSON.stringify(direct)).toMatchObject({ ok: true });
        if (c.expect) {
          expect(viaGateway.body.data).toMatchObject(c.expect);
          expect(direct.ok && direct.reply).toMatchObject(c.expect);
        }
        return;
      }
      expect(viaGateway.status).toBe(400);
      expect(viaGateway.body.code).toBe('VALIDATION_FAILED');
      expect(viaGateway.body.errors?.map((e) => e.field)).toContain(c.refused);
      expect(direct).toMatchObject({
        ok: false,
        status: grpc.status.INVALID_ARGUMENT,
        code: 'VALIDATION_FAILED',
      });
      expect(direct.ok ? [] : direct.fields).toEqual(viaGateway.body.errors);
    },
  );
});

describe('the gateway documents the shared rules', () => {
  it.each([
    ['post', '/v1/reviews', ReviewCreateInputSchema],
    ['put', '/v1/reviews/{id}', ReviewReplaceInputSchema],
    ['patch', '/v1/reviews/{id}', ReviewPatchInputSchema],
    ['post', '/v1/cameras', CameraInputSchema],
    ['put', '/v1/cameras/{id}', CameraInputSchema],
    ['patch', '/v1/cameras/{id}', CameraPatchInputSchema],
    ['post', '/v1/editors', EditorCreateInputSchema],
    ['patch', '/v1/editors/{id}', EditorUpdateInputSchema],
    ['post', '/v1/auth/login', LoginInputSchema],
    ['post', '/v1/auth/refresh', RefreshInputSchema],
    ['post', '/v1/auth/logout', LogoutInputSchema.nullish()],
  ] as const)(
    'when %s %s is read from /openapi.json, then its body schema is the contracts one (plus examples)',
    async (method, path, schema) => {
      type Operation = { requestBody: { content: { 'application/json': { schema: unknown } } } };
      const doc = await api.request<{ paths: Record<string, Record<string, Operation>> }>(
        'GET',
        '/openapi.json',
      );
      const { $schema: _dialect, ...shared } = z.toJSONSchema(schema, {
        io: 'input',
        unrepresentable: 'any',
      });

      const documented = doc.body.paths[path]?.[method]?.requestBody.content['application/json'].schema;

      expect(documented).toMatchObject(shared);
    },
  );
});

describe('unknown members are named one by one', () => {
  it('when a review carries unknown members, nested ones too, then each is refused under its own path and no real field is blamed', async () => {
    const answer = await api.request<Problem>('POST', '/v1/reviews', {
      body: { ...review(), colour: 'red', status: 'published' },
      token: adminToken,
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([
      { field: 'colour', message: 'is not a known field' },
      { field: 'status', message: 'is not a known field' },
    ]);
    const nested = await api.request<Problem>('POST', '/v1/cameras', {
      body: camera({ specs: { megapixels: 24, lens: '23mm' } }),
      token: adminToken,
    });
    expect(nested.status).toBe(400);
    expect(nested.body.errors).toEqual([{ field: 'specs.lens', message: 'is not a known field' }]);
  });
});
