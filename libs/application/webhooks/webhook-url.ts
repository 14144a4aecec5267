import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { lookup as lookupAll } from 'node:dns/promises';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/**
 * Where a webhook may go (api.md): http or https only, and never to loopback, link-local or
 * private addresses unless WEBHOOK_ALLOW_PRIVATE=true, or anyone who can register an endpoint
 * could make the worker probe the network it runs in. A name is checked when it is registered
 * and again on the address each delivery actually connects to, so a name that starts resolving
 * inside later (DNS rebinding) is refused then.
 */
export class WebhookUrlNotAllowed extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'WebhookUrlNotAllowed';
  }
}

const blocked = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24],
  ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) blocked.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128], ['::1', 128], ['64:ff9b:1::', 48], ['100::', 64], ['2001:db8::', 32], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8],
] as const) blocked.addSubnet(network, prefix, 'ipv6');

/** Loopback, private, link-local, shared, documentation, multicast or reserved; IPv4-mapped IPv6 too. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family !== 6) return true;
  const mapped = mappedIpv4(address.toLowerCase());
  return mapped !== undefined ? isPrivateAddress(mapped) : blocked.check(address, 'ipv6');
}

/** The IPv4 address inside `::ffff:a.b.c.d` or its hex spelling `::ffff:7f00:1` (the WHATWG URL form). */
function mappedIpv4(address: string): string | undefined {
  const dotted = /^(?:0{0,4}:){0,4}:?:ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (dotted) return dotted[1];
  const hex = /^(?:0{0,4}:){0,4}:?:ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(address);
  if (!hex) return undefined;
  const high = parseInt(hex[1], 16);
  const low = parseInt(hex[2], 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/** The URL if it is one a webhook may be sent to, judged without the network. */
export function parseWebhookUrl(raw: string, allowPrivate: boolean): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new WebhookUrlNotAllowed('the url is not a valid absolute URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new WebhookUrlNotAllowed('the url must use http or https');
  if (url.username !== '' || url.password !== '') throw new WebhookUrlNotAllowed('the url must not carry credentials; the signature authenticates each delivery');
  const host = hostOf(url);
  if (!allowPrivate && isIP(host) !== 0 && isPrivateAddress(host)) throw new WebhookUrlNotAllowed(`${host} is a loopback, private or reserved address`);
  return url;
}

/**
 * Registration's check: the URL as above, and a name must not resolve inside. A name that does
 * not resolve now is accepted: it may be set up later, and each delivery checks it again.
 */
export async function checkWebhookUrl(raw: string, allowPrivate: boolean): Promise<URL> {
  const url = parseWebhookUrl(raw, allowPrivate);
  const host = hostOf(url);
  if (allowPrivate || isIP(host) !== 0) return url;
  const addresses = await lookupAll(host, { all: true }).catch(() => [] as LookupAddress[]);
  const inside = addresses.find((entry) => isPrivateAddress(entry.address));
  if (inside) throw new WebhookUrlNotAllowed(`${host} resolves to ${inside.address}, a loopback, private or reserved address`);
  return url;
}

/** The host without IPv6 brackets. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/** A DNS lookup for the HTTP client that fails when the name resolves to an address not allowed. */
export const publicOnlyLookup: LookupFunction = (hostname: string, options: LookupOptions, callback: (...args: never[]) => void) => {
  const done = callback as unknown as (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;
  dnsLookup(hostname, options, (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => {
    if (error) return done(error, address, family);
    const list = Array.isArray(address) ? address.map((entry) => entry.address) : [address];
    const inside = list.find((candidate) => isPrivateAddress(candidate));
    if (inside !== undefined) return done(new WebhookUrlNotAllowed(`${hostname} resolves to ${inside}, a loopback, private or reserved address`), address, family);
    done(null, address, family);
  });
};
