import { isIPv6 } from "node:net";

// An IPv4 address as node:net's isIPv4 accepts one (0–255, no leading zeros), the first three
// parts captured: one match instead of isIPv4, then split, slice and join, on every event's $ip.
const PART = "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])";
const IPV4 = new RegExp(`^(${PART}\\.${PART}\\.${PART})\\.${PART}$`);

/**
 * 203.0.113.77 → 203.0.113.0 (/24); 2001:db8:1:2::5 → 2001:db8:1:: (/48, compressed forms
 * expanded first); an IPv4-mapped IPv6 address as its IPv4 part. Not an IP address: null (the
 * value is not stored).
 */
export function truncateIp(ip: string): string | null {
  const address = ip.trim();
  const v4 = IPV4.exec(address);
  if (v4) return `${v4[1]}.0`;
  if (!isIPv6(address)) return null;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return truncateIp(mapped[1] as string);
  const [head = "", tail] = address.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  // An embedded IPv4 tail (…:1.2.3.4) counts as two groups; /48 keeps the first three anyway.
  const width = (groups: string[]) => groups.reduce((n, g) => n + (g.includes(".") ? 2 : 1), 0);
  const groups = tail === undefined ? left : [...left, ...Array(8 - width(left) - width(right)).fill("0"), ...right];
  const kept = groups.slice(0, 3).map((g) => Number.parseInt(g, 16).toString(16));
  return `${kept.join(":")}::`;
}
