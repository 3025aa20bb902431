import type { LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import {
  addressPolicy,
  guardedLookup,
  isAddressAllowed,
  isPublicAddress,
} from '../../../../adapters/feeds/address-guard.ts';
import { FetchError } from '../../../../adapters/feeds/fetch-error.ts';
import { createHostPace, type PaceClock } from '../../../../adapters/feeds/host-pace.ts';

describe('public addresses', () => {
  it('accepts ordinary public IPv4 and IPv6 addresses', () => {
    for (const a of [
      '93.184.216.34',
      '8.8.8.8',
      '1.1.1.1',
      '151.101.1.69',
      '172.15.255.255',
      '172.32.0.1',
      '100.63.255.255',
      '100.128.0.1',
      '2606:4700::6810:85e5',
      '2a00:1450:4007:80e::200e',
      '::ffff:8.8.8.8',
    ]) {
      expect(isPublicAddress(a), a).toBe(true);
    }
  });

  it('refuses loopback, private, link-local, metadata, unspecified, multicast, broadcast and CGNAT, in every spelling', () => {
    const refused = [
      '127.0.0.1',
      '127.255.255.254',
      '10.0.0.1',
      '10.255.255.255',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '169.254.0.1',
      '169.254.169.254',
      '0.0.0.0',
      '0.1.2.3',
      '224.0.0.1',
      '239.255.255.250',
      '255.255.255.255',
      '100.64.0.1',
      '100.127.255.255',
      '192.0.2.1',
      '198.18.0.1',
      '240.0.0.1',
      '::1',
      '::',
      'fc00::1',
      'fd12:3456::1',
      'fe80::1',
      'ff02::1',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
      '::ffff:169.254.169.254',
      '::ffff:7f00:1',
      '::127.0.0.1',
      '64:ff9b::a9fe:a9fe',
      '2002:7f00:1::',
      '2001:db8::1',
      'not-an-ip',
      '',
    ];
    for (const a of refused) expect(isPublicAddress(a), a).toBe(false);
  });
});

describe('what an admin allows', () => {
  const policy = addressPolicy(['127.0.0.1', '10.1.0.0/16', 'Intranet.Example.', 'fd00:1::/32', ' ']);

  it('allows the listed IPs and ranges, and only those', () => {
    expect(isAddressAllowed('127.0.0.1', 'x.example', policy)).toBe(true);
    expect(isAddressAllowed('::ffff:127.0.0.1', 'x.example', policy)).toBe(true);
    expect(isAddressAllowed('127.0.0.2', 'x.example', policy)).toBe(false);
    expect(isAddressAllowed('10.1.200.3', 'x.example', policy)).toBe(true);
    expect(isAddressAllowed('10.2.0.1', 'x.example', policy)).toBe(false);
    expect(isAddressAllowed('fd00:1:2::3', 'x.example', policy)).toBe(true);
    expect(isAddressAllowed('fd00:2::3', 'x.example', policy)).toBe(false);
    expect(isAddressAllowed('169.254.169.254', 'x.example', policy)).toBe(false);
  });

  it('allows any address of an allowed hostname, matched exactly and without case', () => {
    expect(isAddressAllowed('10.9.9.9', 'intranet.example', policy)).toBe(true);
    expect(isAddressAllowed('10.9.9.9', 'INTRANET.example', policy)).toBe(true);
    expect(isAddressAllowed('10.9.9.9', 'evil.intranet.example', policy)).toBe(false);
    expect(isAddressAllowed('10.9.9.9', 'intranet.example.evil.com', policy)).toBe(false);
  });

  it('reads an IPv4-mapped range as the IPv4 range', () => {
    expect(isAddressAllowed('192.168.3.4', 'x', addressPolicy(['::ffff:192.168.0.0/112']))).toBe(true);
  });
});

describe('guarded lookup', () => {
  const resolveTo =
    (...addresses: string[]) =>
    (_host: string, _opts: unknown, cb: (err: NodeJS.ErrnoException | null, a: LookupAddress[]) => void) =>
      cb(
        null,
        addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
      );

  function run(lookup: ReturnType<typeof guardedLookup>, all: boolean): Promise<{ err: unknown; address: unknown }> {
    return new Promise((resolve) =>
      (lookup as (h: string, o: object, cb: (e: unknown, a: unknown) => void) => void)(
        'feed.example',
        { all },
        (err, address) => resolve({ err, address }),
      ),
    );
  }

  it('hands back the checked addresses for the socket to connect to', async () => {
    const lookup = guardedLookup(addressPolicy([]), resolveTo('93.184.216.34', '2606:4700::1'));
    expect(await run(lookup, true)).toEqual({
      err: null,
      address: [
        { address: '93.184.216.34', family: 4 },
        { address: '2606:4700::1', family: 6 },
      ],
    });
    expect((await run(lookup, false)).address).toBe('93.184.216.34');
  });

  it('refuses a host when any of its addresses is private (no mixing in a rebinding address)', async () => {
    const { err } = await run(guardedLookup(addressPolicy([]), resolveTo('93.184.216.34', '127.0.0.1')), true);
    expect(err).toBeInstanceOf(FetchError);
    expect((err as FetchError).code).toBe('private-address');
  });

  it('reports a resolution failure as dns', async () => {
    const failing = (_h: string, _o: unknown, cb: (err: NodeJS.ErrnoException | null, a: LookupAddress[]) => void) =>
      cb(Object.assign(new Error('nope'), { code: 'ENOTFOUND' }), []);
    const { err } = await run(guardedLookup(addressPolicy([]), failing), true);
    expect((err as FetchError).code).toBe('dns');
  });
});

describe('host pace', () => {
  /** Records the waits; time moves only when the test says so. */
  function fakeClock(): PaceClock & { slept: number[]; advance(ms: number): void } {
    let now = 0;
    const slept: number[] = [];
    return {
      slept,
      now: () => new Date(now),
      sleep: async (ms) => void slept.push(ms),
      advance: (ms) => void (now += ms),
    };
  }

  it('spaces requests to one host by the interval, in call order', async () => {
    const clock = fakeClock();
    const pace = createHostPace(1_000, clock);
    await Promise.all([pace.wait('a.example'), pace.wait('a.example'), pace.wait('A.example')]);
    expect(clock.slept).toEqual([1_000, 2_000]);
  });

  it('does not make other hosts wait', async () => {
    const clock = fakeClock();
    const pace = createHostPace(1_000, clock);
    await Promise.all([pace.wait('a.example'), pace.wait('b.example'), pace.wait('c.example')]);
    expect(clock.slept).toEqual([]);
  });

  it('does not wait once the interval has passed', async () => {
    const clock = fakeClock();
    const pace = createHostPace(1_000, clock);
    await pace.wait('a.example');
    clock.advance(1_500);
    await pace.wait('a.example');
    expect(clock.slept).toEqual([]);
  });

  it('works on real time', async () => {
    const pace = createHostPace(50);
    const started = performance.now();
    await pace.wait('a.example');
    await pace.wait('a.example');
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
  });
});
