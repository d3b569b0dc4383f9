/**
 * A site's look, from its configuration's `theme` object (plain TS, no Nest). Every value is
 * checked before it can reach a page: colours must be hex colours (they go into CSS, where
 * escaping does not help), URLs must be http(s) or a path on this host; anything else falls back
 * to the platform default. Text values are escaped by the templates like any other text.
 */

export interface FooterLink {
  label: string;
  url: string;
}

export interface SiteTheme {
  platformName: string;
  logoUrl: string | null;
  primaryColor: string;
  /** Text on primary-coloured surfaces: black or white, whichever contrasts more. */
  onPrimaryColor: string;
  secondaryColor: string;
  onSecondaryColor: string;
  footerText: string | null;
  footerLinks: FooterLink[];
  stylesheetUrl: string | null;
}

/** The platform's own theme: a site without configuration (or with bad values) looks like this. */
export const DEFAULT_THEME_COLORS = { primary: '#1f4e79', secondary: '#2f6f4f' } as const;

const HEX_COLOR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;
const MAX_TEXT = 500;
const MAX_FOOTER_LINKS = 10;

/** A `#rgb` or `#rrggbb` colour, lower-cased; null for anything else. */
export function safeColor(value: unknown): string | null {
  return typeof value === 'string' && HEX_COLOR.test(value.trim()) ? value.trim().toLowerCase() : null;
}

/** An absolute http(s) URL or a path on this host (`/…`, not `//…`); null for anything else. */
export function safeUrl(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const url = value.trim();
  if (url.length === 0 || url.length > 2048) return null;
  if (url.startsWith('/')) return url.startsWith('//') || url.includes('\\') ? null : url;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.toString() : null;
  } catch {
    return null;
  }
}

function safeText(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  return text.length === 0 ? null : text.slice(0, MAX_TEXT);
}

function footerLinks(value: unknown): FooterLink[] {
  if (!Array.isArray(value)) return [];
  const links: FooterLink[] = [];
  for (const entry of value.slice(0, MAX_FOOTER_LINKS)) {
    if (entry === null || typeof entry !== 'object') continue;
    const { label, url } = entry as { label?: unknown; url?: unknown };
    const safeLabel = safeText(label);
    const safeHref = safeUrl(url);
    if (safeLabel && safeHref) links.push({ label: safeLabel, url: safeHref });
  }
  return links;
}

/** WCAG relative luminance of a checked hex colour. */
function luminance(hex: string): number {
  const digits =
    hex.length === 4 ? [...hex.slice(1)].map((d) => d + d) : [hex.slice(1, 3), hex.slice(3, 5), hex.slice(5, 7)];
  const [r, g, b] = digits.map((d) => {
    const c = parseInt(d, 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Black or white, whichever has the higher contrast ratio against `background`. */
export function textColorOn(background: string): string {
  const l = luminance(background);
  const withWhite = 1.05 / (l + 0.05);
  const withBlack = (l + 0.05) / 0.05;
  return withWhite >= withBlack ? '#ffffff' : '#000000';
}

/**
 * The theme of a site. `theme` is the enabled configuration's `theme` object (`{}` without one):
 * `logo_url`, `primary_color`, `secondary_color`, `footer_text`, `footer_links: [{label, url}]`,
 * `stylesheet_url`. The logo falls back to the organization's.
 */
export function siteTheme(input: {
  platformName: string;
  theme: Record<string, unknown>;
  organizationLogoUrl?: string | null;
}): SiteTheme {
  const { theme } = input;
  const primaryColor = safeColor(theme.primary_color) ?? DEFAULT_THEME_COLORS.primary;
  const secondaryColor = safeColor(theme.secondary_color) ?? DEFAULT_THEME_COLORS.secondary;
  return {
    platformName: safeText(input.platformName) ?? 'LMS',
    logoUrl: safeUrl(theme.logo_url) ?? safeUrl(input.organizationLogoUrl),
    primaryColor,
    onPrimaryColor: textColorOn(primaryColor),
    secondaryColor,
    onSecondaryColor: textColorOn(secondaryColor),
    footerText: safeText(theme.footer_text),
    footerLinks: footerLinks(theme.footer_links),
    stylesheetUrl: safeUrl(theme.stylesheet_url),
  };
}
