/**
 * The site-configuration helpers of Open edX (`site_configuration/helpers.py` and the model's
 * class methods), as plain functions of the configuration they read. Framework-free: the Nest
 * service passes the current site's configuration (from the request or the job) and the others.
 * Semantics follow docs/behaviours.md (B-SITECONF-*), quirks included.
 */

/** A site's configuration as the helpers see it. */
export interface SiteConfigurationValues {
  readonly enabled: boolean;
  /** `site_values`: a JSON object (anything else is treated as holding no values). */
  readonly values: unknown;
}

type Dict = Record<string, unknown>;

const isPlainObject = (value: unknown): value is Dict =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Python's `dict(x)`: a mapping, or a sequence of two-item pairs (a 2-character string counts
 * as a pair, as in Python). Anything else cannot become a dict.
 */
function toDict(value: unknown): Dict | undefined {
  if (isPlainObject(value)) return { ...value };
  if (!Array.isArray(value)) return undefined;
  const dict: Dict = {};
  for (const item of value as unknown[]) {
    const pair = typeof item === 'string' ? [...item] : item;
    if (!Array.isArray(pair) || pair.length !== 2) return undefined;
    dict[String(pair[0])] = pair[1];
  }
  return dict;
}

const valuesOf = (config: SiteConfigurationValues): Dict | undefined =>
  isPlainObject(config.values) ? config.values : undefined;

/** B-SITECONF-7: a configuration exists for the site and is enabled. */
export function isSiteConfigurationEnabled(config: SiteConfigurationValues | null | undefined): boolean {
  return !!config && config.enabled;
}

/** B-SITECONF-2: the model's own `get_value`: the stored value when enabled (even null), else the default. */
export function configurationValue(
  config: SiteConfigurationValues,
  name: string,
  defaultValue: unknown = null,
): unknown {
  if (!config.enabled) return defaultValue;
  const values = valuesOf(config);
  return values && Object.hasOwn(values, name) ? values[name] : defaultValue;
}

/**
 * B-SITECONF-8: the site's value, or `defaultValue`. A dict default and a dict value are shallow-
 * merged (the site's keys win); a default of '' returns the value as it is.
 */
export function getValue(
  config: SiteConfigurationValues | null | undefined,
  name: string,
  defaultValue: unknown = null,
): unknown {
  const value = config ? configurationValue(config, name, defaultValue) : defaultValue;
  if (defaultValue === '') return value;
  const base = toDict(defaultValue);
  const overlay = toDict(value);
  return base && overlay ? { ...base, ...overlay } : value;
}

/**
 * B-SITECONF-9: a copy of the dict default updated with the site's dict. A truthy site value that
 * is not a mapping raises, as the original does.
 */
export function getDict(
  config: SiteConfigurationValues | null | undefined,
  name: string,
  defaultValue: Dict | null = null,
): Dict {
  const result: Dict = { ...(defaultValue ?? {}) };
  if (!isSiteConfigurationEnabled(config)) return result;
  const value = configurationValue(config!, name, null);
  if (!isTruthy(value)) return result;
  const overlay = toDict(value);
  if (!overlay) throw new TypeError(`site configuration value ${name} is not a mapping`);
  return Object.assign(result, overlay);
}

/** B-SITECONF-10: the enabled configuration has the key, whatever its value. */
export function hasOverrideValue(config: SiteConfigurationValues | null | undefined, name: string): boolean {
  if (!isSiteConfigurationEnabled(config)) return false;
  const values = valuesOf(config!);
  return !!values && Object.hasOwn(values, name);
}

/** Python truthiness of a JSON value. */
export function isTruthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (isPlainObject(value)) return Object.keys(value).length > 0;
  return true;
}

/** `course_org_filter` as a list: a single value counts as one organization. */
function orgFilterOf(config: SiteConfigurationValues): unknown[] {
  const filter = configurationValue(config, 'course_org_filter', []);
  return Array.isArray(filter) ? filter : [filter];
}

/**
 * B-SITECONF-4/13: the organizations claimed by enabled configurations (union of their
 * `course_org_filter`). Only string entries are organization short names.
 */
export function getAllOrgs(configs: Iterable<SiteConfigurationValues>): Set<string> {
  const orgs = new Set<string>();
  for (const config of configs) {
    if (!config.enabled) continue;
    const values = valuesOf(config);
    if (!values || !Object.hasOwn(values, 'course_org_filter')) continue;
    for (const org of orgFilterOf(config)) if (typeof org === 'string') orgs.add(org);
  }
  return orgs;
}

/**
 * B-SITECONF-5/11: the value from the first enabled configuration (in the order given, i.e.
 * database order) whose `course_org_filter` names `org` exactly; `defaultValue` when none does.
 */
export function getValueForOrg(
  configs: readonly SiteConfigurationValues[],
  org: string,
  name: string,
  defaultValue: unknown = null,
): unknown {
  if (!getAllOrgs(configs).has(org)) return defaultValue;
  const config = configs.find((c) => c.enabled && orgFilterOf(c).includes(org));
  return config ? configurationValue(config, name, defaultValue) : defaultValue;
}

/**
 * B-SITECONF-12: the current site's organizations: a single value is wrapped in a list; falsy
 * values (null, '', []) are returned unchanged, so "no filter" may be null.
 */
export function getCurrentSiteOrgs(config: SiteConfigurationValues | null | undefined): unknown {
  const filter = getValue(config, 'course_org_filter');
  return isTruthy(filter) && !Array.isArray(filter) ? [filter] : filter;
}

/** B-SITECONF-14: the stored values even when disabled; the default when there is no configuration. */
export function getCurrentSiteConfigurationValues(
  config: SiteConfigurationValues | null | undefined,
  defaultValue: Dict = {},
): unknown {
  return config ? config.values : defaultValue;
}

/**
 * B-SITECONF-15: `crumbs | … | platform name`, null crumbs dropped; just the platform name when
 * there are none. The platform name is the site's `platform_name`, else the setting.
 */
export function pageTitleBreadcrumbs(
  config: SiteConfigurationValues | null | undefined,
  platformNameSetting: string,
  crumbs: readonly (string | null | undefined)[],
  separator = ' | ',
): string {
  const platformName = String(getValue(config, 'platform_name', platformNameSetting));
  const kept = crumbs.filter((c): c is string => c !== null && c !== undefined);
  return kept.length ? `${kept.join(separator)}${separator}${platformName}` : platformName;
}
