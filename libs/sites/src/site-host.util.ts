/** Host names as sites are stored: lower case, no port, no trailing dot. */
const HOST_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** The host of a `Host` (or `X-Forwarded-Host`) header value: port and case dropped. */
export function hostOf(header: string | string[] | undefined): string {
  const raw = (Array.isArray(header) ? header[0] : header) ?? '';
  const first = raw.split(',')[0].trim().toLowerCase();
  // [v6]:port, host:port, host
  const host = first.startsWith('[') ? first.slice(0, first.indexOf(']') + 1) : first.replace(/:\d*$/, '');
  return host.endsWith('.') ? host.slice(0, -1) : host;
}

/** A valid domain for a site: host-name labels of letters, digits and hyphens. */
export function isValidDomain(domain: string): boolean {
  if (domain.length === 0 || domain.length > 253) return false;
  return domain.split('.').every((label) => HOST_LABEL.test(label));
}

export function normalizeDomain(domain: string): string {
  const lowered = domain.trim().toLowerCase();
  return lowered.endsWith('.') ? lowered.slice(0, -1) : lowered;
}
