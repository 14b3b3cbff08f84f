import { fileURLToPath } from 'node:url';
import {
  GrpcServer,
  Outbox,
  addUnaryService,
  createLogger,
  openBus,
  openServiceDatabase,
  resolveKeyRing,
  type EventBus,
  type Logger,
  type RunningService,
} from '@rcr/platform';
import { protos, type IdentityV1 } from '@rcr/contracts';
import { identityHandlers } from './api/grpc-handlers.ts';
import type { IdentityConfig } from './config.ts';
import { ensureBootstrapAdmin } from './domain/bootstrap-admin.ts';
import { ensureSigningKey } from './domain/ensure-signing-key.ts';
import { verifyAgainstDummy } from './domain/passwords.ts';

const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations/', import.meta.url));
const GRPC_SERVICE_NAME = 'rcr.identity.v1.IdentityService';

/** What `startIdentityService` needs: its config, and in embedded mode the shared bus and logger. */
export interface IdentityServiceOptions {
  config: IdentityConfig;
  /** The in-process bus shared by all services (embedded mode); ignored when NATS_URL is set. */
  bus?: EventBus;
  log?: Logger;
}

/**
 * Starts the identity service: encryption key ring, database and migrations, bus, outbox relay, signing
 * key, bootstrap admin, then the gRPC server (health SERVING once ready). `stop()` undoes it in reverse
 * order.
 */
export async function startIdentityService(options: IdentityServiceOptions): Promise<RunningService> {
  const { config } = options;
  const log = options.log ?? createLogger('identity', config.LOG_LEVEL);
  // Before anything is opened: without a usable key (distributed mode and no RCR_ENCRYPTION_KEY) the
  // service must not start, rather than store its signing key in plain text.
  const { keyRing, origin } = await resolveKeyRing(config);
  const db = await openServiceDatabase(config, 'identity', MIGRATIONS_DIR);
  const cleanups: (() => Promise<void>)[] = [() => db.close()];
  const cleanUp = async () => {
    for (const step of cleanups.reverse())
      await step().catch((err: unknown) => log.warn({ err }, 'error while stopping'));
  };
  try {
    const bus = await openBus(config, 'identity', options.bus);
    // Only a bus this service opened is closed by it; a shared one belongs to the composition root.
    if (bus !== options.bus) cleanups.push(() => bus.close());
    const outbox = new Outbox(db, bus, log);
    outbox.start();
    cleanups.push(() => outbox.stop());

    const { signer, jwks } = await ensureSigningKey(db, keyRing, log);
    await ensureBootstrapAdmin(
      outbox,
      db,
      { email: config.RCR_ADMIN_EMAIL, name: config.RCR_ADMIN_NAME, password: config.RCR_ADMIN_PASSWORD },
      log,
    );
    await verifyAgainstDummy('warm-up');

    const grpc = new GrpcServer([GRPC_SERVICE_NAME]);
    addUnaryService<IdentityV1.IdentityServiceHandlers>(
      grpc.server,
      protos.identity.IdentityService.service,
      identityHandlers({ db, outbox, signer, jwks, log }),
      log,
    );
    const port = await grpc.listen(config.GRPC_HOST, config.GRPC_PORT);
    cleanups.push(() => grpc.close());
    grpc.setServing(true);

    const host = ['0.0.0.0', '::', '[::]'].includes(config.GRPC_HOST) ? '127.0.0.1' : config.GRPC_HOST;
    log.info(
      {
        port,
        kid: signer.kid,
        database: db.kind,
        bus: bus.kind,
        encryptionKey: origin,
        encryptionKid: keyRing.primaryKid,
      },
      'identity service started',
    );
    let stopped: Promise<void> | undefined;
    return {
      name: 'identity',
      address: `${host}:${port}`,
      stop: () => (stopped ??= cleanUp()),
    };
  } catch (err) {
    await cleanUp();
    throw err;
  }
}
