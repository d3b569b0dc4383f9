import {
  configurationValue,
  getAllOrgs,
  getCurrentSiteConfigurationValues,
  getCurrentSiteOrgs,
  getDict,
  getValue,
  getValueForOrg,
  hasOverrideValue,
  isSiteConfigurationEnabled,
  pageTitleBreadcrumbs,
  SiteConfigurationValues,
} from './site-configuration.rules';

const enabled = (values: unknown): SiteConfigurationValues => ({ enabled: true, values });
const disabled = (values: unknown): SiteConfigurationValues => ({ enabled: false, values });

describe('site configuration rules', () => {
  describe('isSiteConfigurationEnabled', () => {
    it('needs a configuration that is enabled', () => {
      expect(isSiteConfigurationEnabled(null)).toBe(false);
      expect(isSiteConfigurationEnabled(disabled({ a: 1 }))).toBe(false);
      expect(isSiteConfigurationEnabled(enabled({}))).toBe(true);
    });
  });

  describe('getValue', () => {
    it('returns the enabled site value, else the default (CS-39, CS-41)', () => {
      expect(getValue(enabled({ platform_name: 'Test' }), 'platform_name', 'D')).toBe('Test');
      expect(getValue(disabled({ platform_name: 'Test' }), 'platform_name', 'D')).toBe('D');
      expect(getValue(null, 'platform_name', 'D')).toBe('D');
      expect(getValue(enabled({}), 'k', '')).toBe('');
      expect(getValue(enabled({}), 'k')).toBeNull();
    });

    it('shallow-merges a dict default with the site dict, the site winning (CS-40)', () => {
      const config = enabled({ REGISTRATION_EXTRA_FIELDS: { gender: 'hidden' } });
      expect(getValue(config, 'REGISTRATION_EXTRA_FIELDS', { city: 'required', gender: 'required' })).toEqual({
        city: 'required',
        gender: 'hidden',
      });
    });

    it('keeps nested dicts whole (shallow, not deep)', () => {
      const config = enabled({ theme: { colors: { primary: 'red' } } });
      expect(getValue(config, 'theme', { colors: { primary: 'blue', accent: 'green' }, logo: 'x' })).toEqual({
        colors: { primary: 'red' },
        logo: 'x',
      });
    });

    it('returns a copy of a dict default when the key is missing', () => {
      const fallback = { a: 1 };
      const value = getValue(enabled({}), 'missing', fallback);
      expect(value).toEqual({ a: 1 });
      expect(value).not.toBe(fallback);
    });

    it('returns an explicit null over a dict default, and a scalar over a scalar default', () => {
      expect(getValue(enabled({ k: null }), 'k', { a: 1 })).toBeNull();
      expect(getValue(enabled({ k: 5 }), 'k', 3)).toBe(5);
      expect(getValue(enabled({ k: 'text' }), 'k', { a: 1 })).toBe('text');
    });

    it("returns the value as it is when the default is ''", () => {
      expect(getValue(enabled({ k: { a: 1 } }), 'k', '')).toEqual({ a: 1 });
    });

    it('treats site_values that are not an object as holding nothing', () => {
      expect(getValue(enabled('oops'), 'k', 'D')).toBe('D');
    });
  });

  describe('getDict', () => {
    it('gives a copy of the default when disabled or absent (CS-41)', () => {
      expect(getDict(disabled({ k: { b: 2 } }), 'k', { a: 1 })).toEqual({ a: 1 });
      expect(getDict(null, 'k')).toEqual({});
      expect(getDict(enabled({}), 'k', { a: 1 })).toEqual({ a: 1 });
    });

    it('updates the default with the site dict when enabled', () => {
      expect(getDict(enabled({ k: { b: 2, a: 3 } }), 'k', { a: 1 })).toEqual({ a: 3, b: 2 });
      expect(getDict(enabled({ k: null }), 'k', { a: 1 })).toEqual({ a: 1 });
    });

    it('raises on a truthy site value that is not a mapping, as the original does', () => {
      expect(() => getDict(enabled({ k: 'plain string' }), 'k', { a: 1 })).toThrow(TypeError);
    });
  });

  describe('hasOverrideValue', () => {
    it('is true only for a key of an enabled configuration, even when falsy (CS-39)', () => {
      expect(hasOverrideValue(enabled({ k: false }), 'k')).toBe(true);
      expect(hasOverrideValue(enabled({}), 'k')).toBe(false);
      expect(hasOverrideValue(disabled({ k: 1 }), 'k')).toBe(false);
      expect(hasOverrideValue(null, 'k')).toBe(false);
    });
  });

  describe('getCurrentSiteOrgs', () => {
    it('wraps a single organization and keeps lists (CS-42)', () => {
      expect(getCurrentSiteOrgs(enabled({ course_org_filter: 'TestX' }))).toEqual(['TestX']);
      expect(getCurrentSiteOrgs(enabled({ course_org_filter: ['FooOrg', 'BarOrg'] }))).toEqual(['FooOrg', 'BarOrg']);
    });

    it('returns falsy filters unchanged: no configuration means null', () => {
      expect(getCurrentSiteOrgs(null)).toBeNull();
      expect(getCurrentSiteOrgs(enabled({ course_org_filter: '' }))).toBe('');
      expect(getCurrentSiteOrgs(enabled({ course_org_filter: [] }))).toEqual([]);
      expect(getCurrentSiteOrgs(disabled({ course_org_filter: 'TestX' }))).toBeNull();
    });
  });

  describe('getAllOrgs and getValueForOrg', () => {
    const configs = [
      enabled({ course_org_filter: 'TestX', university: 'Test University' }),
      enabled({ course_org_filter: ['TestAnotherX'], university: 'Another' }),
      disabled({ course_org_filter: 'Hidden', university: 'Hidden U' }),
      enabled({ platform_name: 'no filter here' }),
    ];

    it('collects the organizations of enabled configurations only (CS-43)', () => {
      expect(getAllOrgs(configs)).toEqual(new Set(['TestX', 'TestAnotherX']));
    });

    it('reads a value from the first enabled configuration naming the org exactly (CS-43)', () => {
      expect(getValueForOrg(configs, 'TestX', 'university')).toBe('Test University');
      expect(getValueForOrg(configs, 'TestAnotherX', 'university')).toBe('Another');
      expect(getValueForOrg(configs, 'missing_org', 'university', 'dflt')).toBe('dflt');
      expect(getValueForOrg(configs, 'Hidden', 'university', 'dflt')).toBe('dflt');
      expect(getValueForOrg(configs, 'testx', 'university', 'dflt')).toBe('dflt');
    });

    it('lets the first configuration win when two claim the same org', () => {
      const twice = [enabled({ course_org_filter: 'A', v: 1 }), enabled({ course_org_filter: ['A'], v: 2 })];
      expect(getValueForOrg(twice, 'A', 'v')).toBe(1);
    });
  });

  describe('getCurrentSiteConfigurationValues', () => {
    it('returns stored values even when disabled (CS-39)', () => {
      expect(getCurrentSiteConfigurationValues(disabled({ a: 1 }))).toEqual({ a: 1 });
      expect(getCurrentSiteConfigurationValues(null, { d: 1 })).toEqual({ d: 1 });
    });
  });

  describe('pageTitleBreadcrumbs', () => {
    it('joins crumbs with the site platform name, else the setting (CS-38)', () => {
      const config = enabled({ platform_name: 'Test Education Program' });
      expect(pageTitleBreadcrumbs(config, 'edX', ['Dashboard'])).toBe('Dashboard | Test Education Program');
      expect(pageTitleBreadcrumbs(null, 'edX', ['Dashboard'])).toBe('Dashboard | edX');
      expect(pageTitleBreadcrumbs(config, 'edX', [])).toBe('Test Education Program');
      expect(pageTitleBreadcrumbs(null, 'edX', ['A', null, 'B'], ' / ')).toBe('A / B / edX');
    });
  });

  describe('configurationValue', () => {
    it('is the model method: stored value (even null) when enabled', () => {
      expect(configurationValue(enabled({ k: null }), 'k', 'd')).toBeNull();
      expect(configurationValue(disabled({ k: 1 }), 'k', 'd')).toBe('d');
    });
  });
});
