import { describe, expect, it } from 'vitest';
import { clientIpGroup } from './client-ip-group.ts';

describe('the client group a per-IP limit counts', () => {
  it('is the address itself for IPv4', () => {
    expect(clientIpGroup('203.0.113.7')).toBe('203.0.113.7');
    expect(clientIpGroup('203.0.113.8')).not.toBe(clientIpGroup('203.0.113.7'));
  });

  it('is the /64 for IPv6: one subscriber holds a whole /64 and can pick any address in it', () => {
    const group = clientIpGroup('2001:db8:1:2::1');
    expect(group).toBe('2001:db8:1:2::/64');
    for (const other of ['2001:db8:1:2:ffff:ffff:ffff:ffff', '2001:0DB8:0001:0002:a:b:c:d', '2001:db8:1:2:0:0:0:2', '2001:db8:1:2::abcd']) {
      expect(clientIpGroup(other)).toBe(group);
    }
  });

  it('keeps different /64s apart', () => {
    expect(clientIpGroup('2001:db8:1:3::1')).not.toBe(clientIpGroup('2001:db8:1:2::1'));
    expect(clientIpGroup('2001:db9:1:2::1')).not.toBe(clientIpGroup('2001:db8:1:2::1'));
  });

  it('handles every way of writing an IPv6 address: "::" anywhere, zone ids, brackets, an embedded IPv4 tail', () => {
    expect(clientIpGroup('::1')).toBe('0:0:0:0::/64');
    expect(clientIpGroup('fe80::1%eth0')).toBe(clientIpGroup('fe80::2%wlan0'));
    expect(clientIpGroup('[2001:db8:1:2::1]')).toBe('2001:db8:1:2::/64');
    expect(clientIpGroup('2001:db8:1:2:0:0:1.2.3.4')).toBe('2001:db8:1:2::/64');
    expect(clientIpGroup('2001:db8::')).toBe('2001:db8:0:0::/64');
  });

  it('takes an IPv4-mapped IPv6 address as the IPv4 address it carries (dual-stack sockets report these)', () => {
    expect(clientIpGroup('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(clientIpGroup('::FFFF:203.0.113.7')).toBe('203.0.113.7');
    expect(clientIpGroup('::ffff:cb00:7107')).toBe('203.0.113.7');
    expect(clientIpGroup('0:0:0:0:0:ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it('passes anything that is no IP address through unchanged (a test client, a unix socket)', () => {
    expect(clientIpGroup('')).toBe('');
    expect(clientIpGroup('not-an-ip')).toBe('not-an-ip');
  });
});
