import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as grpc from '@grpc/grpc-js';
import { protos, type IdentityV1, type ReviewsV1 } from '@rcr/contracts';
import {
  AppError,
  callUnary,
  channelCredentials,
  generateInternalKeyPair,
  grpcTlsFromFiles,
  InternalTokenSigner,
  signCallsOf,
} from '@rcr/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, cameraBody } from './support/client.ts';
import { startDistributedSystem, type DistributedSystem } from './support/distributed.ts';
import { runPublishFlow, TEST_ADMIN } from './support/flow.ts';
import { distributedAvailable } from './support/infra.ts';

const available = await distributedAvailable('trust boundary');
const run = promisify(execFile);

/** Metadata a caller forging its identity would send (what services used to trust). */
function forged(role: string, id = '01a22b5c-0000-7000-8000-00000000beef'): grpc.Metadata {
  const metadata = new grpc.Metadata();
  metadata.set('x-actor-id', id);
  metadata.set('x-actor-role', role);
  return metadata;
}

/** Calls a unary method with raw metadata; resolves the status code and error code, or 'OK'. */
function rawCall<Req>(
  client: grpc.Client,
  method: string,
  request: Req,
  metadata = new grpc.Metadata(),
): Promise<{ status: grpc.status | 'OK'; code?: string }> {
  type Raw = (
    request: Req,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: (err: grpc.ServiceError | null) => void,
  ) => unknown;
  const fn = (client as unknown as Record<string, Raw>)[method] as Raw;
  return new Promise((resolve) => {
    fn.call(client, request, metadata, { deadline: new Date(Date.now() + 5000) }, (err) => {
      if (!err) resolve({ status: 'OK' });
      else resolve({ status: err.code, code: err.metadata?.get('x-error-code')[0] as string | undefined });
    });
  });
}

async function caught(work: Promise<unknown>): Promise<AppError> {
  try {
    await work;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected the call to fail');
}

describe.skipIf(!available)(
  'the trust boundary between the gateway and the services (distributed mode)',
  () => {
    let system: DistributedSystem;
    let identity: IdentityV1.IdentityServiceClient;
    let reviews: ReviewsV1.ReviewsServiceClient;

    beforeAll(async () => {
      system = await startDistributedSystem(1);
      const insecure = grpc.credentials.createInsecure();
      identity = new protos.identity.IdentityService(system.services.identity.address, insecure);
      reviews = new protos.reviews.ReviewsService(system.services.reviews.address, insecure);
    }, 180_000);
    afterAll(async () => {
      identity?.close();
      reviews?.close();
      await system?.stop();
    });

    it('when a caller reaches a service port with forged x-actor metadata and no token, then every call is UNAUTHENTICATED and nothing changes', async () => {
      const attempts = [
        rawCall(
          identity,
          'CreateEditor',
          { email: 'mallory@evil.test', name: 'Mallory', password: 'mallory-password', role: 'admin' },
          forged('admin'),
        ),
        rawCall(identity, 'ListEditors', { limit: 100 }, forged('admin')),
        rawCall(identity, 'Login', { email: TEST_ADMIN.email, password: 'guessing-passwords' }),
        rawCall(reviews, 'ListReviews', { limit: 100 }, forged('admin')),
        rawCall(reviews, 'GetReview', { id: '01a22b5c-0000-7000-8000-000000000001' }, forged('admin')),
        rawCall(reviews, 'PublishReview', { id: '01a22b5c-0000-7000-8000-000000000001' }, forged('admin')),
        rawCall(
          reviews,
          'CreateCamera',
          { ...cameraBody('forged'), specs: {} },
          forged('editor', 'not-even-a-uuid'),
        ),
      ];

      for (const answer of await Promise.all(attempts)) {
        expect(answer).toEqual({ status: grpc.status.UNAUTHENTICATED, code: 'INTERNAL_TOKEN_MISSING' });
      }
      const api = new ApiClient(system.gateways[0]!.url);
      const admin = await api.login(TEST_ADMIN.email, TEST_ADMIN.password);
      const editors = await api.request<{ data: { email: string }[] }>('GET', '/v1/editors?limit=100', {
        token: admin.accessToken,
      });
      expect(editors.body.data.map((e) => e.email)).not.toContain('mallory@evil.test');
    });

    it('when the token is signed with another key, expired-looking or a bare string, then the service refuses it', async () => {
      const impostor = signCallsOf(
        new protos.identity.IdentityService(
          system.services.identity.address,
          grpc.credentials.createInsecure(),
        ),
        new InternalTokenSigner(generateInternalKeyPair().signingKey),
      );
      try {
        const signedElsewhere = await caught(
          callUnary(impostor, impostor.ListEditors, { limit: 1 }, { actor: { id: 'x', role: 'admin' } }),
        );
        expect(signedElsewhere).toMatchObject({ kind: 'unauthenticated', code: 'INTERNAL_TOKEN_INVALID' });
      } finally {
        impostor.close();
      }
      const bare = new grpc.Metadata();
      bare.set('authorization', 'Bearer not.a.token');
      expect(await rawCall(identity, 'ListEditors', { limit: 1 }, bare)).toEqual({
        status: grpc.status.UNAUTHENTICATED,
        code: 'INTERNAL_TOKEN_INVALID',
      });
    });

    it('when a call is signed by the gateway\u2019s key for an editor, then the service still applies the editor\u2019s rights', async () => {
      const asGateway = signCallsOf(
        new protos.identity.IdentityService(
          system.services.identity.address,
          grpc.credentials.createInsecure(),
        ),
        new InternalTokenSigner(system.internalKeys.signingKey),
      );
      try {
        const denied = await caught(
          callUnary(
            asGateway,
            asGateway.CreateEditor,
            { email: 'e@x.test', name: 'E', password: 'a-long-password', role: 'admin' },
            { actor: { id: '01a22b5c-0000-7000-8000-0000000000ee', role: 'editor' } },
          ),
        );
        expect(denied.kind).toBe('forbidden');
      } finally {
        asGateway.close();
      }
    });
  },
);

/** A CA and one certificate (server and client use, for 127.0.0.1) made with openssl for this test. */
async function makeCertificates(dir: string): Promise<{ ca: string; cert: string; key: string } | undefined> {
  try {
    await run('openssl', ['version']);
  } catch {
    return undefined;
  }
  const at = (name: string) => join(dir, name);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  await run('openssl', [
    'req',
    '-x509',
    ...ec,
    '-keyout',
    at('ca.key'),
    '-out',
    at('ca.crt'),
    '-subj',
    '/CN=rcr test CA',
    '-days',
    '2',
  ]);
  await run('openssl', [
    'req',
    ...ec,
    '-keyout',
    at('node.key'),
    '-out',
    at('node.csr'),
    '-subj',
    '/CN=localhost',
  ]);
  await writeFile(
    at('node.ext'),
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n',
  );
  await run('openssl', [
    'x509',
    '-req',
    '-in',
    at('node.csr'),
    '-CA',
    at('ca.crt'),
    '-CAkey',
    at('ca.key'),
    '-CAcreateserial',
    '-out',
    at('node.crt'),
    '-days',
    '2',
    '-extfile',
    at('node.ext'),
  ]);
  return { ca: at('ca.crt'), cert: at('node.crt'), key: at('node.key') };
}

describe.skipIf(!available)('gRPC over mutual TLS (distributed mode)', () => {
  let system: DistributedSystem;
  let dir: string;
  let files: { ca: string; cert: string; key: string } | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rcr-tls-'));
    files = await makeCertificates(dir);
    if (!files) {
      if (process.env.CI === 'true') throw new Error('openssl is needed to make the test certificates');
      console.warn('SKIPPED gRPC over mutual TLS: openssl is not installed');
      return;
    }
    system = await startDistributedSystem(1, () => ({}), {
      GRPC_TLS_CA: files.ca,
      GRPC_TLS_CERT: files.cert,
      GRPC_TLS_KEY: files.key,
    });
  }, 180_000);
  afterAll(async () => {
    await system?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('when every link uses mTLS, then the system works end to end and a client without a certificate is turned away', async () => {
    if (!files) return;
    await runPublishFlow(system.gateways[0]!.url);

    const tls = grpcTlsFromFiles({
      GRPC_TLS_CA: files.ca,
      GRPC_TLS_CERT: files.cert,
      GRPC_TLS_KEY: files.key,
    });
    const withoutCert = grpcTlsFromFiles({ GRPC_TLS_CA: files.ca });
    const address = system.services.identity.address;
    const clients = {
      mutual: new protos.identity.IdentityService(address, channelCredentials(tls)),
      serverOnly: new protos.identity.IdentityService(address, channelCredentials(withoutCert)),
      plain: new protos.identity.IdentityService(address, grpc.credentials.createInsecure()),
    };
    try {
      // With the certificate the TLS handshake succeeds (and the call still needs the gateway's token).
      expect((await rawCall(clients.mutual, 'GetJwks', {})).status).toBe(grpc.status.UNAUTHENTICATED);
      expect((await rawCall(clients.serverOnly, 'GetJwks', {})).status).toBe(grpc.status.UNAVAILABLE);
      expect((await rawCall(clients.plain, 'GetJwks', {})).status).toBe(grpc.status.UNAVAILABLE);
    } finally {
      for (const client of Object.values(clients)) client.close();
    }
  });
});
