import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createHttpTestApp } from '@mtl/testing';
import { DEMO_MAIN_SITE_VALUES, DEMO_ORGANIZATIONS } from '../../apps/cli/src/demo/demo-data';
import { LmsModule } from '../../apps/lms/src/lms.module';
import { reconcileSites, seedCourses, seedOrganization, seedSite } from '../lms/catalog-fixture';
import { launchChromium } from './chromium';

/**
 * The README links the committed ones in docs/screenshots: a run writes there only when asked
 * (`UPDATE_SCREENSHOTS=1 npm run test:browser`), otherwise to the system's temporary folder, so
 * that `npm test` leaves the working tree as it found it.
 */
const SCREENSHOTS =
  process.env.UPDATE_SCREENSHOTS === '1'
    ? path.join(__dirname, '..', '..', 'docs', 'screenshots')
    : path.join(tmpdir(), `mtl-screenshots-${process.pid}`);

const [MITX, HARVARDX] = DEMO_ORGANIZATIONS;

/** `rgb(r, g, b)` as the browser computes a `#rrggbb` colour. */
function rgb(hex: string): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgb(${n >> 16}, ${(n >> 8) & 255}, ${n & 255})`;
}

describe('Learners in a real browser: two tenant sites and the main site', () => {
  let lms: NestFastifyApplication;
  let browser: Browser;
  let port: number;

  const url = (host: string, pathname = '/') => `http://${host}:${port}${pathname}`;
  const shot = (page: Page, name: string) =>
    page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
  const headerColor = (page: Page) =>
    page.evaluate("getComputedStyle(document.querySelector('header.site-header')).backgroundColor");
  const courseTitles = (page: Page) => page.locator('.course-card h2').allTextContents();

  async function register(
    page: Page,
    host: string,
    person: { name: string; email: string; password: string },
  ): Promise<void> {
    await page.goto(url(host, '/register'));
    await page.getByLabel('Full name').fill(person.name);
    await page.getByLabel('Email').fill(person.email);
    await page.getByLabel('Password').fill(person.password);
    await page.getByRole('button', { name: 'Create account' }).click();
  }

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    lms = await createHttpTestApp(LmsModule);
    // The demo's sites and themes; courses per organization, and one organization no site claims
    // (the main site's catalog).
    const catalog: [string, string, string][] = [
      [MITX.shortName, '6.002x', 'Circuits and Electronics'],
      [MITX.shortName, '6.00.1x', 'Introduction to Computer Science and Programming Using Python'],
      [MITX.shortName, '18.01x', 'Single Variable Calculus'],
      [HARVARDX.shortName, 'CS50x', "CS50's Introduction to Computer Science"],
      [HARVARDX.shortName, 'PH125.1x', 'Data Science: R Basics'],
      ['OpenX', 'OPEN101', 'Open Learning for Everyone'],
    ];
    const organizations = new Map<string, number>();
    for (const org of [MITX, HARVARDX]) {
      const id = await seedOrganization(org.shortName);
      organizations.set(org.shortName, id);
      await seedSite(org.site.domain, id, { course_org_filter: org.shortName, ...org.site.values });
    }
    organizations.set('OpenX', await seedOrganization('OpenX'));
    await seedSite('localhost', null, { ...DEMO_MAIN_SITE_VALUES });
    for (const [org, number, name] of catalog) {
      await seedCourses(lms, organizations.get(org)!, [
        { key: `course-v1:${org}+${number}+2026_T1`, name, start: '2026-02-01T00:00:00Z' },
      ]);
    }
    await reconcileSites(lms);
    await lms.listen(0, '127.0.0.1');
    port = (lms.getHttpServer().address() as AddressInfo).port;
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await lms?.close();
    if (process.env.UPDATE_SCREENSHOTS !== '1') rmSync(SCREENSHOTS, { recursive: true, force: true });
  });

  let context: BrowserContext;
  let page: Page;
  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
    page = await context.newPage();
  });
  afterEach(async () => {
    await context.close();
  });

  it('shows each site only its own catalog, in its own colours and name', async () => {
    const sites = [
      {
        host: MITX.site.domain,
        name: 'MITx Online',
        color: '#a31f34',
        own: 'Circuits and Electronics',
        others: ["CS50's Introduction to Computer Science", 'Open Learning for Everyone'],
      },
      {
        host: HARVARDX.site.domain,
        name: 'HarvardX Learning',
        color: '#a51c30',
        own: "CS50's Introduction to Computer Science",
        others: ['Circuits and Electronics', 'Open Learning for Everyone'],
      },
      {
        host: 'localhost',
        name: 'Open Multi-tenant LMS (demo)',
        color: '#1f4e79',
        own: 'Open Learning for Everyone',
        others: ['Circuits and Electronics', "CS50's Introduction to Computer Science"],
      },
    ];
    for (const site of sites) {
      await page.goto(url(site.host));
      expect(await page.title()).toBe(site.name);
      await expect(page.locator('.brand-name').textContent()).resolves.toBe(site.name);
      expect(await headerColor(page)).toBe(rgb(site.color));
      const titles = await courseTitles(page);
      expect(titles).toContain(site.own);
      for (const other of site.others) expect(titles).not.toContain(other);
      await shot(page, `${site.host.split('.')[0]}-home`);
    }
  });

  it('registers, signs in and enrolls end to end, and unenrolls from the dashboard', async () => {
    const host = MITX.site.domain;
    const person = { name: 'Ada Lovelace', email: 'ada@example.com', password: 'analytical engine 1843' };

    // The form says what is wrong, beside the field.
    await page.goto(url(host, '/register'));
    await page.getByLabel('Full name').fill(person.name);
    await page.getByLabel('Email').fill('not an email');
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.locator('#email-error').textContent()).resolves.toContain('Email must be an email');
    await shot(page, 'mitx-register-errors');

    await register(page, host, person);
    await page.waitForURL(url(host, '/dashboard'));
    await expect(page.getByText('You are not enrolled in any course yet').isVisible()).resolves.toBe(true);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(url(host, '/'));

    await page.getByRole('link', { name: 'Sign in' }).click();
    await shot(page, 'mitx-login');
    await page.getByLabel('Email').fill(person.email);
    await page.getByLabel('Password').fill(person.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(url(host, '/dashboard'));
    await expect(page.locator('.visitor').textContent()).resolves.toContain(person.name);

    await page.getByRole('link', { name: 'Courses', exact: true }).click();
    await page.getByLabel('Search courses').fill('circuits');
    await page.getByRole('button', { name: 'Search' }).click();
    expect(await courseTitles(page)).toEqual(['Circuits and Electronics']);
    await page.getByRole('link', { name: 'Circuits and Electronics' }).click();
    await shot(page, 'mitx-course');
    await page.getByRole('button', { name: /^Enroll in Circuits and Electronics/ }).click();
    await page.waitForURL(/\/dashboard\?enrolled=/);
    expect(await courseTitles(page)).toEqual(['Circuits and Electronics']);
    await shot(page, 'mitx-dashboard');

    await page.getByRole('button', { name: 'Unenroll from Circuits and Electronics' }).click();
    await page.waitForURL(/\/dashboard\?unenrolled=/);
    await expect(page.getByText('You are not enrolled in any course yet').isVisible()).resolves.toBe(true);
  });

  it("keeps a learner's session on their own site: on the other site they are not signed in", async () => {
    await register(page, HARVARDX.site.domain, {
      name: 'Grace Hopper',
      email: 'grace@example.com',
      password: 'compiler pioneer 1952',
    });
    await page.waitForURL(url(HARVARDX.site.domain, '/dashboard'));
    await page.goto(url(HARVARDX.site.domain, `/courses/${encodeURIComponent('course-v1:HarvardX+CS50x+2026_T1')}`));
    await page.getByRole('button', { name: /^Enroll in/ }).click();
    await page.waitForURL(/\/dashboard\?enrolled=/);
    await shot(page, 'harvardx-dashboard');

    // The same browser, the other tenant's site: no session there, the dashboard asks to sign in.
    await page.goto(url(MITX.site.domain, '/dashboard'));
    expect(new URL(page.url()).pathname).toBe('/login');
    await expect(page.getByRole('link', { name: 'Sign in' }).isVisible()).resolves.toBe(true);
    await expect(page.locator('.visitor').count()).resolves.toBe(0);
    // Nor on the main site.
    await page.goto(url('localhost', '/dashboard'));
    expect(new URL(page.url()).pathname).toBe('/login');
    // Back on its own site, still signed in.
    await page.goto(url(HARVARDX.site.domain, '/dashboard'));
    expect(await courseTitles(page)).toEqual(["CS50's Introduction to Computer Science"]);
    const cookies = await context.cookies(url(HARVARDX.site.domain));
    expect(cookies.find((c) => c.name === 'mtl_session')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
  });

  it('shows an unknown course as the themed 404 page of the site', async () => {
    for (const org of [MITX, HARVARDX]) {
      const response = await page.goto(
        url(org.site.domain, `/courses/${encodeURIComponent(`course-v1:${org.shortName}+NOPE+2026`)}`),
      );
      expect(response?.status()).toBe(404);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Page not found');
      expect(await page.title()).toBe(`Page not found | ${String(org.site.values.platform_name)}`);
      expect(await headerColor(page)).toBe(rgb((org.site.values.theme as { primary_color: string }).primary_color));
      await shot(page, `${org.shortName.toLowerCase()}-404`);
    }
  });

  it('works from the keyboard and fits a phone', async () => {
    await context.close();
    context = await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
    page = await context.newPage();
    await page.goto(url(HARVARDX.site.domain, '/login'));
    await page.keyboard.press('Tab');
    await expect(page.evaluate('document.activeElement && document.activeElement.textContent')).resolves.toBe(
      'Skip to main content',
    );
    await page.keyboard.press('Enter');
    // Tab from the main content reaches the email field first, then the password, then the button.
    await page.keyboard.press('Tab');
    await expect(page.evaluate('document.activeElement && document.activeElement.id')).resolves.toBe('email');
    await page.keyboard.type('nobody@example.com');
    await page.keyboard.press('Tab');
    await page.keyboard.type('wrong password here');
    await page.keyboard.press('Enter');
    await expect(page.locator('[role="alert"]').textContent()).resolves.toMatch(/\S/);
    for (const pathname of ['/', '/login', '/register']) {
      await page.goto(url(HARVARDX.site.domain, pathname));
      const overflow = await page.evaluate('document.documentElement.scrollWidth - window.innerWidth');
      expect(Number(overflow)).toBeLessThanOrEqual(0);
    }
    await page.goto(url(HARVARDX.site.domain, '/'));
    await shot(page, 'harvardx-home-phone');
    await page.goto(url(HARVARDX.site.domain, '/register'));
    await shot(page, 'harvardx-register');
  });
});
