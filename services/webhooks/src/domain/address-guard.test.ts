import { describe, expect, it } from 'vitest';
import {
  checkResolved,
  checkUrl,
  classifyAddress,
  EMPTY_ALLOW_LIST,
  parseAllowList,
  resolveTarget,
  type ResolvedAddress,
} from './address-guard.ts';

const reasonOf = (address: string) => {
  const verdict = classifyAddress(address);
  return verdict.public ? 'public' : verdict.reason;
};

describe('classifyAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['::1', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.5.4', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['fc00::1', 'unique local'],
    ['fd12:3456::1', 'unique local'],
    ['169.254.0.1', 'link-local'],
    ['fe80::1', 'link-local'],
    ['169.254.169.254', 'metadata'],
    ['fd00:ec2::254', 'metadata'],
    ['100.100.100.200', 'metadata'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.127.255.255', 'carrier-grade NAT'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['::', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['192.0.2.10', 'documentation'],
    ['198.51.100.7', 'documentation'],
    ['203.0.113.9', 'documentation'],
    ['192.0.0.8', 'reserved'],
    ['198.18.0.1', 'benchmarking'],
    ['2001:db8::1', 'documentation'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.1.2.3', 'private'],
    ['::ffff:169.254.169.254', 'metadata'],
    ['64:ff9b::7f00:1', 'NAT64'],
    ['2002:7f00:1::', '6to4'],
    ['2001:0:4136:e378::1', 'Teredo'],
    ['::7f00:1', 'global unicast'],
    ['100::1', 'discard'],
  ])('when the address is %s, then it is not public (%s)', (address, why) => {
    const reason = reasonOf(address);
    expect(reason).not.toBe('public');
    if (why === 'documentation' || why === 'benchmarking') expect(reason).toMatch(/reserved|benchmarking/);
    else if (why === 'discard') expect(reason).toMatch(/special-purpose|discard/);
    else expect(reason).toContain(why);
  });

  it.each(['8.8.8.8', '1.1.1.1', '93.184.215.14', '2606:4700:4700::1111', '2a00:1450:4001:81a::200e'])(
    'when the address is %s, then it is public',
    (address) => {
      expect(classifyAddress(address)).toEqual({ public: true });
    },
  );

  it('when the text is not an address, then it is not public', () => {
    expect(reasonOf('localhost')).toBe('not an IP address');
    expect(reasonOf('1.2.3')).toBe('not an IP address');
  });
});

describe('checkUrl', () => {
  const refused = (url: string, allow = EMPTY_ALLOW_LIST) => {
    const checked = checkUrl(url, allow);
    return checked.ok ? undefined : checked.reason;
  };

  it('when the port is 0, or below 1024 and neither 80 nor 443, then it is refused; high ports and allowed hosts are not', () => {
    expect(refused('https://hooks.example.com:0/')).toMatch(/port 0/);
    expect(refused('https://hooks.example.com:22/')).toMatch(/port 22/);
    expect(refused('https://93.184.216.34:25/')).toMatch(/port 25/);
    expect(refused('https://hooks.example.com:8443/')).toBeUndefined();
    expect(refused('http://hooks.example.com:80/')).toMatch(/https/);
    const local = parseAllowList('localhost');
    expect(refused('http://localhost:9/closed', local)).toBeUndefined();
  });

  it('when the URL is a public https URL, then it is accepted with its host and port', () => {
    const checked = checkUrl('https://hooks.example.com/rcr?x=1', EMPTY_ALLOW_LIST);
    expect(checked.ok && checked.value).toMatchObject({
      host: 'hooks.example.com',
      port: 443,
      literal: undefined,
    });
  });

  it.each([
    ['http://127.0.0.1:8080/hook', 'loopback'],
    ['https://127.0.0.1/hook', 'loopback'],
    ['https://2130706433/', 'loopback'], // decimal
    ['https://0x7f.0.0.1/', 'loopback'], // hexadecimal
    ['https://0177.0.0.1/', 'loopback'], // octal
    ['https://127.1/', 'loopback'], // short form
    ['https://[::1]/', 'loopback'],
    ['http://[::ffff:127.0.0.1]/', 'loopback'],
    ['https://[::ffff:7f00:1]/', 'loopback'],
    ['https://169.254.169.254/latest/meta-data/', 'metadata'],
    ['https://[fd00:ec2::254]/', 'metadata'],
    ['https://10.1.2.3/', 'private'],
    ['https://0.0.0.0/', 'unspecified'],
    ['https://[::]/', 'unspecified'],
    ['https://user:pass@hooks.example.com/', 'credentials'],
    ['https://hooks.example.com@127.0.0.1/', 'credentials'],
    ['http://hooks.example.com/', 'https'],
    ['ftp://hooks.example.com/', 'https'],
    ['file:///etc/passwd', 'https'],
    ['javascript:alert(1)', 'https'],
    ['not a url', 'valid absolute URL'],
    ['/relative/path', 'valid absolute URL'],
  ])('when the URL is %s, then it is refused (%s)', (url, why) => {
    expect(refused(url)).toContain(why);
  });

  it('when an address is allowed, then http and https to it are accepted, IPv4-mapped form too', () => {
    const allow = parseAllowList('127.0.0.0/8');
    expect(refused('http://127.0.0.1:3000/hook', allow)).toBeUndefined();
    expect(refused('https://127.0.0.2/hook', allow)).toBeUndefined();
    expect(refused('http://[::ffff:127.0.0.1]:3000/', allow)).toBeUndefined();
    expect(refused('http://169.254.169.254/', allow)).toContain('metadata');
    expect(refused('http://[::1]/', allow)).toContain('loopback');
  });

  it('when a host name is allowed, then plain http to it passes the first look', () => {
    expect(refused('http://localhost:3000/', parseAllowList('localhost'))).toBeUndefined();
    expect(refused('http://LOCALHOST./', parseAllowList('localhost'))).toBeUndefined();
    expect(refused('http://other.test/', parseAllowList('localhost'))).toContain('https');
  });
});

describe('checkResolved and resolveTarget', () => {
  const at = (...addresses: string[]): ResolvedAddress[] =>
    addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  const target = (url: string) => {
    const checked = checkUrl(url, EMPTY_ALLOW_LIST);
    if (!checked.ok) throw new Error(checked.reason);
    return checked.value;
  };

  it('when a host name resolves to a loopback address (localhost), then it is refused naming the address', () => {
    const checked = checkResolved(target('https://localhost/'), at('127.0.0.1'), EMPTY_ALLOW_LIST);
    expect(checked).toEqual({
      ok: false,
      reason: expect.stringContaining('resolves to 127.0.0.1, a loopback'),
    });
  });

  it('when one of several addresses is internal, then the whole host is refused', () => {
    const checked = checkResolved(target('https://mixed.test/'), at('8.8.8.8', '10.0.0.5'), EMPTY_ALLOW_LIST);
    expect(checked.ok).toBe(false);
  });

  it('when every address is public, then the first is the one to connect to', () => {
    const checked = checkResolved(
      target('https://ok.test/'),
      at('8.8.4.4', '2606:4700::1'),
      EMPTY_ALLOW_LIST,
    );
    expect(checked).toEqual({ ok: true, value: { address: '8.8.4.4', family: 4 } });
  });

  it('when a host has no address, then it is refused', () => {
    expect(checkResolved(target('https://none.test/'), [], EMPTY_ALLOW_LIST).ok).toBe(false);
  });

  it('when http goes to a name whose every address is allowed, then it passes; with one public address it does not', () => {
    const allow = parseAllowList('127.0.0.0/8');
    const http = checkUrl('http://receiver.test/', allow);
    if (!http.ok) throw new Error(http.reason);
    expect(checkResolved(http.value, at('127.0.0.1'), allow).ok).toBe(true);
    expect(checkResolved(http.value, at('127.0.0.1', '8.8.8.8'), allow)).toEqual({
      ok: false,
      reason: expect.stringContaining('https'),
    });
  });

  it('when the resolver fails, then the URL is refused saying the host does not resolve', async () => {
    const failing = async () => {
      throw Object.assign(new Error('nope'), { code: 'ENOTFOUND' });
    };
    expect(await resolveTarget('https://nowhere.test/', EMPTY_ALLOW_LIST, failing)).toEqual({
      ok: false,
      reason: 'names host nowhere.test, which does not resolve (ENOTFOUND)',
    });
  });

  it('when the URL is an IP literal, then no resolver is asked', async () => {
    const never = async (): Promise<ResolvedAddress[]> => {
      throw new Error('asked');
    };
    const checked = await resolveTarget('https://8.8.8.8:8443/x', EMPTY_ALLOW_LIST, never);
    expect(checked.ok && checked.value.address).toEqual({ address: '8.8.8.8', family: 4 });
  });
});

describe('parseAllowList', () => {
  it('when entries are names, addresses and networks, then each is kept as what it is', () => {
    const allow = parseAllowList(' localhost , 127.0.0.1, ::1, 10.0.0.0/8 ,fd00::/8,[::2],');
    expect(allow.hosts).toEqual(['localhost']);
    expect(allow.networks.map(([address, bits]) => `${address.toString()}/${bits}`)).toEqual([
      '127.0.0.1/32',
      '::1/128',
      '10.0.0.0/8',
      'fd00::/8',
      '::2/128',
    ]);
  });

  it('when an entry is none of those, then parsing fails naming it', () => {
    expect(() => parseAllowList('localhost,10.0.0.0/99')).toThrow(/10\.0\.0\.0\/99/);
    expect(() => parseAllowList('http://x')).toThrow(/http:\/\/x/);
  });
});
