import type os from 'node:os';
import { describe, expect, it } from 'vitest';
import { lanAddress, shareOrigin } from './links';

const iface = (address: string, internal = false): os.NetworkInterfaceInfo =>
  ({ address, family: 'IPv4', internal, netmask: '255.255.255.0', mac: '00:00:00:00:00:00', cidr: null }) as os.NetworkInterfaceInfo;

describe('the origin of share links and QR codes', () => {
  const lan = () => '192.168.1.20';

  it.each([
    // [request origin, HOST, links on]
    ['http://localhost:8080', '0.0.0.0', 'http://192.168.1.20:8080'],
    ['http://127.0.0.1:9000', '0.0.0.0', 'http://192.168.1.20:9000'],
    ['http://[::1]:8080', '::', 'http://192.168.1.20:8080'],
    // Opened over the network already: that address works for the others too.
    ['http://192.168.1.20:8080', '0.0.0.0', 'http://192.168.1.20:8080'],
    ['http://stip.local:8080', '0.0.0.0', 'http://stip.local:8080'],
    // Listening on loopback only: nobody else could reach a LAN address anyway.
    ['http://localhost:8080', '127.0.0.1', 'http://localhost:8080'],
  ])('a request to %s with HOST=%s gets links on %s', (origin, host, expected) => {
    expect(shareOrigin(origin, host, lan)).toBe(expected);
  });

  it('keeps the request origin when the machine has no LAN address', () => {
    expect(shareOrigin('http://localhost:8080', '0.0.0.0', () => null)).toBe('http://localhost:8080');
  });

  it('picks a private IPv4 address, Wi-Fi style ranges first, never loopback or link-local', () => {
    expect(
      lanAddress({
        lo: [iface('127.0.0.1', true)],
        docker0: [iface('172.17.0.1')],
        eth0: [iface('169.254.3.4'), iface('10.0.0.7')],
        wlan0: [iface('192.168.178.23'), { ...iface('fe80::1'), family: 'IPv6' } as os.NetworkInterfaceInfo],
      }),
    ).toBe('192.168.178.23');
    expect(lanAddress({ docker0: [iface('172.17.0.1')], eth0: [iface('10.1.2.3')] })).toBe('10.1.2.3');
    expect(lanAddress({ lo: [iface('127.0.0.1', true)] })).toBeNull();
  });
});
