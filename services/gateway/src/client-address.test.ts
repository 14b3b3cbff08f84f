import { loadConfig, ConfigError } from '@rcr/platform';
import { describe, expect, it } from 'vitest';
import { gatewayConfigSchema } from './config.ts';

describe('TRUSTED_PROXIES', () => {
  it('when it lists addresses and ranges, then the config holds them', () => {
    const config = loadConfig(gatewayConfigSchema, { TRUSTED_PROXIES: ' 10.0.0.0/8, ::1 ,loopback' });

    expect(config.TRUSTED_PROXIES).toEqual(['10.0.0.0/8', '::1', 'loopback']);
  });

  it.each(['proxy.example.com', '10.0.0.0/33', '300.1.1.1'])(
    'when it holds %s, then the gateway refuses to start, naming the variable',
    (entry) => {
      expect(() => loadConfig(gatewayConfigSchema, { TRUSTED_PROXIES: entry })).toThrow(ConfigError);
      expect(() => loadConfig(gatewayConfigSchema, { TRUSTED_PROXIES: entry })).toThrow(/TRUSTED_PROXIES/);
    },
  );
});
