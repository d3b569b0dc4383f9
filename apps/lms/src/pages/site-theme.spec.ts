import { DEFAULT_THEME_COLORS, safeColor, safeUrl, siteTheme, textColorOn } from './site-theme';

describe('site theme', () => {
  it('takes hex colours only, lower-cased', () => {
    expect(safeColor('#A31F34')).toBe('#a31f34');
    expect(safeColor('#abc')).toBe('#abc');
    for (const bad of ['red', '#12345', '#1234567', 'rgb(1,2,3)', '#123;} body{display:none', '', null, 42])
      expect(safeColor(bad)).toBeNull();
  });

  it('takes http(s) URLs and paths on this host, nothing else', () => {
    expect(safeUrl('https://cdn.example.com/a.svg')).toBe('https://cdn.example.com/a.svg');
    expect(safeUrl('/static/mitx/logo.svg')).toBe('/static/mitx/logo.svg');
    for (const bad of [
      'javascript:alert(1)',
      'data:text/html,x',
      '//evil.example/x',
      '/\\evil',
      'relative/path',
      '',
      undefined,
    ])
      expect(safeUrl(bad)).toBeNull();
  });

  it('picks black or white text for contrast', () => {
    expect(textColorOn('#ffffff')).toBe('#000000');
    expect(textColorOn('#ffcc00')).toBe('#000000');
    expect(textColorOn('#1f4e79')).toBe('#ffffff');
    expect(textColorOn('#a31f34')).toBe('#ffffff');
  });

  it('gives the default theme for an empty configuration, with the organization logo as fallback', () => {
    const theme = siteTheme({
      platformName: 'Open Multi-tenant LMS',
      theme: {},
      organizationLogoUrl: 'https://cdn.example.com/org.png',
    });
    expect(theme).toEqual({
      platformName: 'Open Multi-tenant LMS',
      logoUrl: 'https://cdn.example.com/org.png',
      primaryColor: DEFAULT_THEME_COLORS.primary,
      onPrimaryColor: '#ffffff',
      secondaryColor: DEFAULT_THEME_COLORS.secondary,
      onSecondaryColor: '#ffffff',
      footerText: null,
      footerLinks: [],
      stylesheetUrl: null,
    });
  });

  it('keeps only well-formed footer links, ten at most', () => {
    const links = [
      { label: 'About', url: 'https://example.com/about' },
      { label: 'Bad', url: 'javascript:alert(1)' },
      { label: '', url: '/empty-label' },
      'not an object',
      ...Array.from({ length: 12 }, (_, i) => ({ label: `L${i}`, url: `/l/${i}` })),
    ];
    const theme = siteTheme({ platformName: 'X', theme: { footer_links: links } });
    expect(theme.footerLinks[0]).toEqual({ label: 'About', url: 'https://example.com/about' });
    expect(theme.footerLinks.map((l) => l.label)).not.toContain('Bad');
    expect(theme.footerLinks.length).toBeLessThanOrEqual(10);
  });
});
