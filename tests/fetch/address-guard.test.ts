import { describe, expect, it } from 'vitest';
import { blockedReason } from '../../src/fetch/address-guard.js';

describe('blockedReason', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.8.9.10', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'CGNAT'],
    ['100.127.255.254', 'CGNAT'],
    ['169.254.169.254', 'metadata'],
    ['169.254.10.1', 'link-local'],
    ['0.0.0.0', 'this network'],
    ['224.0.0.1', 'multicast'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link-local'],
    ['fd12:3456::1', 'unique-local'],
    ['fc00::1', 'unique-local'],
    ['::ffff:127.0.0.1', 'IPv4-mapped'],
    ['::ffff:8.8.8.8', 'IPv4-mapped'],
    ['::ffff:7f00:1', 'IPv4-mapped'],
    ['[::1]', 'loopback'],
  ])('refuses %s (%s)', (address, word) => {
    expect(blockedReason(address)).toContain(word);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '172.32.0.1',
    '100.128.0.1',
    '203.113.131.1',
    '2001:4860:4860::8888',
    '2606:4700::1111',
  ])('allows public %s', (address) => {
    expect(blockedReason(address)).toBeNull();
  });

  it('refuses anything that is not an IP literal', () => {
    expect(blockedReason('localhost')).toBe('not an IP address');
  });
});
