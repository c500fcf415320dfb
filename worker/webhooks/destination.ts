/**
 * Where webhooks may go (no SSRF): an https URL whose host is not an internal address. Checked
 * when a subscription is created (422) and again before every attempt (deliveries.ts), since the
 * policy may have changed since.
 *
 * A worker cannot resolve a name before it connects, so the check reads the URL itself: IP
 * literals in every form a URL parser accepts (decimal `2130706433`, hex `0x7f.1`, octal
 * `0177.0.0.1`, short `127.1`, IPv6 with IPv4 inside it) and host names known to be internal
 * (localhost, cloud metadata services, `.internal`, single-label names, public names that resolve
 * to loopback by design). A public name whose DNS record points at a private address is not
 * caught here: on Cloudflare a worker's fetch cannot reach private networks anyway.
 */
import { isWellFormed } from "../unicode";

export interface DestinationPolicy {
  /** Plain http allowed too (local development): the setting ALLOW_HTTP_WEBHOOKS = "true". */
  allowHttp: boolean;
  /** Hosts (`host` or `host:port`, as a URL spells them) exempt from the internal-address check, e.g. a local receiver: WEBHOOK_ALLOWED_HOSTS, comma-separated. */
  allowedHosts: ReadonlySet<string>;
}

/** The operator's settings, from the worker's environment. */
export function destinationPolicy(env: { ALLOW_HTTP_WEBHOOKS?: string; WEBHOOK_ALLOWED_HOSTS?: string }): DestinationPolicy {
  return {
    allowHttp: env.ALLOW_HTTP_WEBHOOKS === "true",
    allowedHosts: new Set(
      (env.WEBHOOK_ALLOWED_HOSTS ?? "")
        .split(",")
        .map((h) => h.trim().toLowerCase())
        .filter(Boolean),
    ),
  };
}

/** Why webhooks may not go to `url`, or null where they may. */
export function refusedDestination(url: string, policy: DestinationPolicy): string | null {
  if (!isWellFormed(url) || !URL.canParse(url)) return "must be a URL";
  const parsed = new URL(url);
  if (parsed.protocol !== "https:" && !(policy.allowHttp && parsed.protocol === "http:")) {
    return policy.allowHttp ? "must be an http or https URL" : "must be an https URL";
  }
  if (parsed.username || parsed.password) return "must not hold a user name or password";
  if (policy.allowedHosts.has(parsed.host) || policy.allowedHosts.has(parsed.hostname)) return null;
  const host = parsed.hostname.replace(/\.+$/, "");
  if (host.startsWith("[")) return internalIpv6(host.slice(1, -1)) ? "must not be an internal address" : null;
  const v4 = parseIpv4(host);
  if (v4 !== null) return internalIpv4(v4) ? "must not be an internal address" : null;
  return internalName(host) ? "must not be an internal host name" : null;
}

// --- IPv4 ---

/**
 * An IPv4 address as a URL parser reads a host (WHATWG URL's IPv4 parser): 1 to 4 dot-separated
 * numbers, each decimal, hex (0x) or octal (leading 0); the last fills the remaining bytes. Null
 * where the host is not one.
 */
export function parseIpv4(host: string): number | null {
  const parts = host.split(".");
  if (parts.at(-1) === "") parts.pop();
  if (parts.length === 0 || parts.length > 4) return null;
  const numbers: number[] = [];
  for (const part of parts) {
    const n = ipv4Number(part);
    if (n === null) return null;
    numbers.push(n);
  }
  const last = numbers.pop()!;
  if (numbers.some((n) => n > 255) || last >= 256 ** (4 - numbers.length)) return null;
  return numbers.reduce((sum, n, i) => sum + n * 256 ** (3 - i), 0) + last;
}

function ipv4Number(part: string): number | null {
  let m: RegExpExecArray | null;
  if ((m = /^0x([0-9a-f]*)$/i.exec(part))) return m[1] === "" ? 0 : Number.parseInt(m[1], 16);
  if (/^0[0-7]+$/.test(part)) return Number.parseInt(part.slice(1), 8);
  if (/^(0|[1-9][0-9]*)$/.test(part)) return Number(part);
  return null;
}

/** [first address, prefix length] of the IPv4 blocks that are not the public internet. */
const INTERNAL_V4: [string, number][] = [
  ["0.0.0.0", 8], // "this network", the unspecified address
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // carrier-grade NAT; Alibaba Cloud's metadata service is 100.100.100.200
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local; the metadata service of most clouds is 169.254.169.254
  ["172.16.0.0", 12],
  ["192.0.0.0", 24], // protocol assignments; Oracle Cloud's metadata service is 192.0.0.192
  ["192.0.2.0", 24],
  ["192.88.99.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, and the broadcast address
];

const v4Blocks = INTERNAL_V4.map(([first, bits]) => ({ first: parseIpv4(first)!, size: 2 ** (32 - bits) }));

export const internalIpv4 = (address: number): boolean => v4Blocks.some((b) => address >= b.first && address < b.first + b.size);

// --- IPv6 ---

/** An IPv6 address (without brackets) as its 8 groups, or null where it is not one. */
export function parseIpv6(text: string): number[] | null {
  let s = text.toLowerCase();
  // A dotted IPv4 tail (::ffff:127.0.0.1) is two groups.
  const tail = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (tail) {
    const v4 =
      /^\d+\.\d+\.\d+\.\d+$/.test(tail[2]) && tail[2].split(".").every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255) ? parseIpv4(tail[2]) : null;
    if (v4 === null) return null;
    s = `${tail[1]}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const halves = s.split("::");
  if (halves.length > 2) return null;
  const groups = (half: string) => (half === "" ? [] : half.split(":"));
  const head = groups(halves[0]);
  const rest = halves.length === 2 ? groups(halves[1]) : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const all = [...head, ...Array(halves.length === 2 ? missing : 0).fill("0"), ...rest];
  if (!all.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return null;
  return all.map((g) => Number.parseInt(g, 16));
}

/** Whether an IPv6 address (without brackets) is internal; text that is no address counts as internal. */
export function internalIpv6(text: string): boolean {
  const g = parseIpv6(text);
  if (!g) return true;
  const v4At = (i: number) => g[i] * 65536 + g[i + 1];
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  // IPv4 inside IPv6: compatible (::a.b.c.d, also :: and ::1), mapped (::ffff:a.b.c.d),
  // translated (::ffff:0:a.b.c.d) and NAT64 (64:ff9b::a.b.c.d): as that IPv4 address.
  if (zeros(0, 6) || (zeros(0, 5) && g[5] === 0xffff) || (zeros(0, 4) && g[4] === 0xffff && g[5] === 0) || (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6))) {
    return internalIpv4(v4At(6));
  }
  if (g[0] === 0x2002) return internalIpv4(v4At(1)); // 6to4: the IPv4 address in bits 16–47
  if (g[0] === 0x64 && g[1] === 0xff9b) return true; // local-use NAT64 (64:ff9b:1::/48)
  if (g[0] === 0x100 && zeros(1, 4)) return true; // discard-only
  if (g[0] === 0x2001 && (g[1] === 0 || g[1] === 0xdb8)) return true; // Teredo, documentation
  return (g[0] & 0xfe00) === 0xfc00 || (g[0] & 0xffc0) === 0xfe80 || (g[0] & 0xffc0) === 0xfec0 || (g[0] & 0xff00) === 0xff00; // unique-local, link-local, site-local, multicast
}

// --- names ---

/** Names of cloud metadata services and cluster-internal services. */
const INTERNAL_NAMES = new Set(["metadata", "metadata.goog", "metadata.google.internal", "instance-data", "metadata.tencentyun.com", "kubernetes.default"]);

/**
 * Suffixes of names that are internal by definition (RFC 6761, 6762, 8375; `.internal` as clouds
 * use it), and of public names that resolve to the IP address they spell or to loopback.
 */
const INTERNAL_SUFFIXES = [
  "localhost",
  "internal",
  "local",
  "localdomain",
  "home.arpa",
  "lan",
  "intranet",
  "corp",
  "svc",
  "nip.io",
  "sslip.io",
  "xip.io",
  "localtest.me",
  "lvh.me",
];

function internalName(host: string): boolean {
  // A single label (`intranet`, `metadata`) is completed by the resolver's search domains.
  if (!host.includes(".")) return true;
  if (INTERNAL_NAMES.has(host)) return true;
  return INTERNAL_SUFFIXES.some((suffix) => host === suffix || host.endsWith(`.${suffix}`));
}
