import { fileURLToPath } from 'node:url';
import { resolveKeyRing, startService, type RunningService, type StartServiceOptions } from '@rcr/platform';
import { protos, type IdentityV1 } from '@rcr/contracts';
import { identityHandlers } from './api/grpc-handlers.ts';
import type { IdentityConfig } from './config.ts';
import { ensureBootstrapAdmin } from './domain/bootstrap-admin.ts';
import { SigningKeys } from './domain/ensure-signing-key.ts';
import { verifyAgainstDummy } from './domain/passwords.ts';
import { subscribeToEvents } from './events/subscriptions.ts';

const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations/', import.meta.url));

/**
 * Starts the identity service: encryption key ring, database, outbox relay, signing key (encrypted at
 * rest), bootstrap admin, the audit log's subscription, then the gRPC server (health SERVING once ready). `stop()` undoes it in reverse
 * order.
 */
export async function startIdentityService(
  options: StartServiceOptions<IdentityConfig>,
): Promise<RunningService> {
  // Before anything is opened: without a usable key (distributed mode and no RCR_ENCRYPTION_KEY) the
  // service must not start, rather than store its signing key in plain text.
  const { keyRing, origin } = await resolveKeyRing(options.config);
  return startService<IdentityConfig, IdentityV1.IdentityServiceHandlers>(
    {
      name: 'identity',
      migrationsDir: MIGRATIONS_DIR,
      grpc: {
        serviceName: 'rcr.identity.v1.IdentityService',
        definition: protos.identity.IdentityService.service,
      },
      setup: async ({ db, bus, outbox, config, log, faults, onStop }) => {
        const keys = await SigningKeys.load(db, keyRing, log);
        // Another replica may rotate or retire a key: its event makes every replica reload at once (else
        // this one would go on signing with a key that no longer verifies anywhere), and the periodic
        // reload is the safety net under a missed broadcast.
        const changes = await bus.broadcast({
          types: ['signing-keys.changed'],
          handler: () => keys.reload(),
        });
        onStop('signing keys broadcast', () => changes.close());
        const reload = setInterval(() => {
          keys
            .reload()
            .catch((err: unknown) =>
              log.warn({ err: (err as Error).message }, 'reloading signing keys failed'),
            );
        }, 30_000);
        reload.unref();
        onStop('signing keys reload', async () => clearInterval(reload));
        await ensureBootstrapAdmin(
          outbox,
          db,
          { email: config.RCR_ADMIN_EMAIL, name: config.RCR_ADMIN_NAME, password: config.RCR_ADMIN_PASSWORD },
          log,
        );
        // The first argon2 verification is slow; pay for it before the first login does, but off the
        // start path (two argon2 operations on the thread pool while the rest of the system starts): a
        // login that comes first waits for the same dummy hash.
        verifyAgainstDummy('warm-up').catch((err: unknown) =>
          log.warn({ err: (err as Error).message }, 'argon2 warm-up failed'),
        );
        log.info(
          { kid: keys.signer.kid, encryptionKey: origin, encryptionKid: keyRing.primaryKid },
          'signing key loaded',
        );
        // The audit log: every change an editor or admin makes, reported by the events it caused.
        const subscription = await subscribeToEvents(bus, db, log, { faults });
        onStop('audit log subscription', () => subscription.close());
        return identityHandlers({ db, outbox, keys, log });
      },
    },
    options,
  );
}
