import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { classifyAddress, parseAllowedTarget, parseIpAddress, targetVerdict } from './network-addresses.js';

const classOf = (text: string) => {
  const address = parseIpAddress(text);
  assert.ok(address, `${text} parses`);
  return classifyAddress(address);
};

describe('webhook target addresses', () => {
  test('every special-purpose address is refused, with its kind', () => {
    const cases: [string, string][] = [
      ['127.0.0.1', 'loopback'],
      ['127.255.0.9', 'loopback'],
      ['10.1.2.3', 'private'],
      ['172.16.0.1', 'private'],
      ['172.31.255.255', 'private'],
      ['192.168.1.1', 'private'],
      ['100.64.0.1', 'shared'],
      ['169.254.169.254', 'link_local'],
      ['0.0.0.0', 'unspecified'],
      ['0.1.2.3', 'reserved'],
      ['224.0.0.1', 'multicast'],
      ['239.255.255.250', 'multicast'],
      ['255.255.255.255', 'broadcast'],
      ['240.0.0.1', 'reserved'],
      ['192.0.2.10', 'documentation'],
      ['::', 'unspecified'],
      ['::1', 'loopback'],
      ['[::1]', 'loopback'],
      ['0:0:0:0:0:0:0:1', 'loopback'],
      ['fc00::1', 'private'],
      ['fd12:3456:789a::1', 'private'],
      ['fe80::1', 'link_local'],
      ['febf::1', 'link_local'],
      ['ff02::1', 'multicast'],
      ['::ffff:127.0.0.1', 'ipv4_mapped'],
      ['::ffff:7f00:1', 'ipv4_mapped'],
      ['::ffff:169.254.169.254', 'ipv4_mapped'],
      ['::127.0.0.1', 'ipv4_mapped'],
      ['64:ff9b::a9fe:a9fe', 'translated'],
      ['2002:7f00:1::', 'translated'],
      ['2001:db8::1', 'documentation'],
    ];
    for (const [text, kind] of cases) assert.equal(classOf(text), kind, text);
  });

  test('globally routable unicast addresses pass', () => {
    for (const text of [
      '8.8.8.8',
      '93.184.215.14',
      '172.32.0.1',
      '11.0.0.1',
      '2a00:1450:4009:81f::200e',
      '2606:4700::1111',
    ])
      assert.equal(classOf(text), 'public', text);
  });

  test('malformed literals are not addresses (so they are treated as host names and resolved)', () => {
    for (const text of [
      '1.2.3',
      '1.2.3.4.5',
      '256.1.1.1',
      '01.2.3.4',
      '1:2:3:4:5:6:7:8:9',
      '1::2::3',
      'fe80::1%eth0',
      'example.com',
    ])
      assert.equal(parseIpAddress(text), null, text);
  });

  test('the operator allowlist names hosts, addresses and ranges', () => {
    const allowlist = ['127.0.0.1', '10.20.0.0/16', 'hooks.internal.', 'fd00::/8'].map((entry) => {
      const parsed = parseAllowedTarget(entry);
      assert.ok(parsed, entry);
      return parsed;
    });
    const verdict = (host: string, address: string) => targetVerdict(host, parseIpAddress(address)!, allowlist).allowed;
    assert.equal(verdict('127.0.0.1', '127.0.0.1'), true);
    assert.equal(verdict('127.0.0.2', '127.0.0.2'), false);
    assert.equal(verdict('a.example', '10.20.5.5'), true);
    assert.equal(verdict('a.example', '10.21.0.1'), false);
    assert.equal(verdict('HOOKS.internal', '192.168.0.7'), true);
    assert.equal(verdict('other.internal', '192.168.0.7'), false);
    assert.equal(verdict('v6.example', 'fd00::5'), true);
    assert.equal(verdict('v6.example', 'fe80::5'), false);
    assert.deepEqual(targetVerdict('x.example', parseIpAddress('169.254.169.254')!, allowlist), {
      allowed: false,
      kind: 'link_local',
    });
    for (const bad of ['10.0.0.0/33', '10.0.0.0/x', 'a b', '', 'http://x', '1.2.3.4/8/9'])
      assert.equal(parseAllowedTarget(bad), null, bad);
  });
});
