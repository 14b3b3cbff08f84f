import { startEmbeddedSystem, type EmbeddedSystem } from '../../scripts/embedded.ts';
import type { Logger } from '@rcr/platform';
import { TEST_ADMIN } from './flow.ts';

/**
 * Starts a whole embedded system for one test file: in-memory databases, a free port, the test admin;
 * with `log`, every service logs through it (a test that reads the lines).
 */
export function startTestSystem(env: Record<string, string> = {}, log?: Logger): Promise<EmbeddedSystem> {
  return startEmbeddedSystem(
    {
      RCR_DATA_DIR: 'memory://',
      PORT: '0',
      PARTNER_GRPC_PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      RCR_ADMIN_EMAIL: TEST_ADMIN.email,
      RCR_ADMIN_PASSWORD: TEST_ADMIN.password,
      ...env,
    },
    log,
  );
}
