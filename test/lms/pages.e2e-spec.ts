import { Controller, Get } from '@nestjs/common';
import request from 'supertest';
import { asDatabaseOwner, useTwoTenantApp } from '@mtl/testing';
import { LmsModule } from '../../apps/lms/src/lms.module';
import { reconcileSites, seedCourses } from './catalog-fixture';

const SITE_A = 'alpha.pages.test';
const SITE_B = 'beta.pages.test';
const BARE = 'bare.pages.test';
const HTML = 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8';

@Controller('boom')
class ExplodingPageController {
  @Get()
  explode(): never {
    throw new Error('database password is hunter2');
  }
}

/** A browser's cookie jar for one host, enough for these tests. */
class CookieJar {
  private readonly cookies = new Map<string, string>();

  take(setCookie: string | string[] | undefined): void {
    for (const line of [setCookie ?? []].flat()) {
      const [pair] = line.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index);
      const value = pair.slice(index + 1);
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }

  set(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

function csrfTokenOf(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no CSRF token in the page');
  return match[1];
}

describe('LMS pages: themed, escaped, sessions bound to their site', () => {
  const lms = useTwoTenantApp(LmsModule, { extraControllers: [ExplodingPageController] });
  const { t } = lms;

  const { http } = lms;

  /** A browser on one host: keeps its cookies, sends Accept: text/html. */
  const browser = (host: string) => {
    const jar = new CookieJar();
    const keep = (res: request.Response) => {
      jar.take(res.headers['set-cookie']);
      return res;
    };
    return {
      jar,
      get: async (path: string) =>
        keep(await http().get(path).set('Host', host).set('Accept', HTML).set('Cookie', jar.header())),
      post: async (path: string, form: Record<string, string>) =>
        keep(
          await http()
            .post(path)
            .set('Host', host)
            .set('Accept', HTML)
            .set('Cookie', jar.header())
            .type('form')
            .send(form),
        ),
      /** Opens the page of a form and posts it with the page's CSRF token. */
      submit: async (path: string, form: Record<string, string>, action = path) => {
        const page = await http().get(path).set('Host', host).set('Accept', HTML).set('Cookie', jar.header());
        keep(page);
        return keep(
          await http()
            .post(action)
            .set('Host', host)
            .set('Accept', HTML)
            .set('Cookie', jar.header())
            .type('form')
            .send({ ...form, _csrf: csrfTokenOf(page.text) }),
        );
      },
    };
  };

  const userCount = async (email: string) =>
    Number(
      (
        await asDatabaseOwner<{ n: string }>(`SELECT count(*) AS n FROM users WHERE lower(email) = lower($1)`, [email])
      )[0].n,
    );

  beforeAll(async () => {
    const themes: [string, number, Record<string, unknown>][] = [
      [
        SITE_A,
        t.a.id,
        {
          platform_name: 'Alpha Learning',
          theme: {
            primary_color: '#123456',
            secondary_color: '#ffcc00',
            logo_url: 'https://cdn.example.com/alpha.svg',
            footer_text: 'Alpha footer <script>alert(1)</script>',
            footer_links: [
              { label: 'About Alpha', url: 'https://alpha.example/about' },
              { label: 'Evil', url: 'javascript:alert(1)' },
            ],
            stylesheet_url: 'https://cdn.example.com/alpha.css',
          },
        },
      ],
      [
        SITE_B,
        t.b.id,
        {
          platform_name: 'Beta <script>alert("x")</script> Academy',
          theme: { primary_color: 'red;}</style><script>alert(1)</script>' },
        },
      ],
    ];
    for (const [domain, organizationId, values] of themes) {
      const [site] = await asDatabaseOwner<{ id: number }>(
        `INSERT INTO sites (domain, name, organization_id) VALUES ($1, $1, $2) RETURNING id`,
        [domain, organizationId],
      );
      await asDatabaseOwner(`INSERT INTO site_configurations (site_id, enabled, site_values) VALUES ($1, true, $2)`, [
        site.id,
        JSON.stringify({ course_org_filter: t.a.id === organizationId ? t.a.shortName : t.b.shortName, ...values }),
      ]);
    }
    // A site with no configuration at all: the platform's default theme.
    await asDatabaseOwner(`INSERT INTO sites (domain, name, organization_id) VALUES ($1, $1, $2)`, [BARE, t.a.id]);
    await reconcileSites(lms.app);
    await seedCourses(lms.app, t.a.id, [
      { key: `course-v1:${t.a.shortName}+CS101+2026`, name: 'Alpha <i>Computing</i>', start: '2026-01-15T00:00:00Z' },
      { key: `course-v1:${t.a.shortName}+BIO7+2026`, name: 'Alpha Biology' },
      { key: `course-v1:${t.a.shortName}+HID+2026`, name: 'Alpha Hidden', visibility: 'about' },
      ...Array.from({ length: 12 }, (_, i) => ({
        key: `course-v1:${t.a.shortName}+M${String(i).padStart(2, '0')}+2026`,
        name: `Alpha Maths ${i}`,
      })),
    ]);
    await seedCourses(lms.app, t.b.id, [{ key: `course-v1:${t.b.shortName}+ART1+2026`, name: 'Beta Art' }]);
  });

  describe('theming', () => {
    it("shows a site's name, colours, logo, footer and stylesheet, and titles pages as Open edX does", async () => {
      const res = await browser(SITE_A).get('/login');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).toContain('<title>Sign in | Alpha Learning</title>');
      expect(res.text).toContain('--primary: #123456;');
      expect(res.text).toContain('--secondary: #ffcc00;');
      expect(res.text).toContain('--on-secondary: #000000;');
      expect(res.text).toContain('src="https://cdn.example.com/alpha.svg"');
      expect(res.text).toContain('href="https://cdn.example.com/alpha.css"');
      expect(res.text).toContain('<a href="https://alpha.example/about">About Alpha</a>');
      expect(res.headers['content-security-policy']).toContain("script-src 'none'");
      expect(res.headers['content-security-policy']).toContain('https://cdn.example.com');
    });

    it('escapes every configured value and keeps bad colours and URLs out of the page', async () => {
      const a = await browser(SITE_A).get('/login');
      expect(a.text).toContain('Alpha footer &lt;script&gt;alert(1)&lt;/script&gt;');
      expect(a.text).not.toContain('javascript:');
      expect(a.text).not.toContain('Evil');
      const b = await browser(SITE_B).get('/login');
      expect(b.text).toContain('Beta &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Academy');
      expect(b.text).not.toMatch(/<script/i);
      expect(b.text).toContain('--primary: #1f4e79;'); // the refused colour falls back to the default
    });

    it('gives a site without configuration the default theme and the platform name', async () => {
      const res = await browser(BARE).get('/register');
      expect(res.status).toBe(200);
      expect(res.text).toContain('<title>Register | Open Multi-tenant LMS</title>');
      expect(res.text).toContain('--primary: #1f4e79;');
    });

    it('labels every field and marks the page up for assistive technology', async () => {
      const res = await browser(SITE_A).get('/register');
      for (const field of ['name', 'email', 'password']) {
        expect(res.text).toMatch(new RegExp(`<label for="${field}">`));
        expect(res.text).toMatch(new RegExp(`<input id="${field}" name="${field}"`));
      }
      expect(res.text).toContain('<html lang="en">');
      expect(res.text).toContain('<main id="main"');
      expect(res.text).toContain('href="#main"');
      expect(res.text).toContain('name="viewport"');
    });

    it('serves its stylesheet and the demo logos', async () => {
      const css = await http().get('/static/site.css').set('Host', SITE_A).expect(200);
      expect(css.headers['content-type']).toMatch(/text\/css/);
      await http().get('/static/mitx/logo.svg').expect(200);
    });
  });

  describe('error pages', () => {
    it('answers a browser with the themed 404 page, and API clients with the JSON shape', async () => {
      const page = await browser(SITE_A).get('/no/such/page');
      expect(page.status).toBe(404);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.text).toContain('<title>Page not found | Alpha Learning</title>');
      expect(page.text).toContain('--primary: #123456;');

      const api = await http().get('/api/no/such/thing').set('Host', SITE_A).set('Accept', HTML).expect(404);
      expect(api.headers['content-type']).toMatch(/^application\/json/);
      expect(api.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'No such route', details: [] });

      const curl = await http().get('/no/such/page').set('Host', SITE_A).expect(404);
      expect(curl.body.statusCode).toBe(404);
    });

    it('shows a 500 as a themed page with an error id and nothing internal', async () => {
      const res = await browser(SITE_B).get('/boom');
      expect(res.status).toBe(500);
      expect(res.text).toContain('Something went wrong');
      expect(res.text).toMatch(/error id <code>[0-9a-f-]{36}<\/code>/);
      expect(res.text).not.toContain('hunter2');
    });
  });

  describe('forms', () => {
    it('refuses a form posted without its CSRF token (themed 403), and changes nothing', async () => {
      const res = await browser(SITE_A).post('/register', {
        name: 'Mallory',
        email: 'mallory@example.com',
        password: 'long enough password',
      });
      expect(res.status).toBe(403);
      expect(res.text).toContain('This form has expired or was not sent from this site');
      expect(await userCount('mallory@example.com')).toBe(0);
    });

    it('refuses a token taken from another site', async () => {
      const a = browser(SITE_A);
      const page = await a.get('/register');
      const b = browser(SITE_B);
      await b.get('/register');
      const res = await b.post('/register', {
        name: 'Eve',
        email: 'eve@example.com',
        password: 'long enough password',
        _csrf: csrfTokenOf(page.text),
      });
      expect(res.status).toBe(403);
      expect(await userCount('eve@example.com')).toBe(0);
    });

    it(
      'shows the validation reasons beside the fields, keeps what was typed (never the ' +
        'password), and creates nothing',
      async () => {
        const res = await browser(SITE_A).submit('/register', {
          name: 'Ada <b>',
          email: 'not-an-email',
          password: 'short',
        });
        expect(res.status).toBe(400);
        expect(res.text).toMatch(/<p class="field-error" id="email-error">Email must be an email<\/p>/);
        expect(res.text).toMatch(/<p class="field-error" id="password-error">Password [^<]+<\/p>/);
        expect(res.text).toContain('aria-invalid="true"');
        expect(res.text).toContain('value="Ada &lt;b&gt;"');
        expect(res.text).not.toContain('value="short"');
        expect(await userCount('not-an-email')).toBe(0);
      },
    );

    it('registers through the same rules as the API: a taken email is named beside its field', async () => {
      const res = await browser(SITE_A).submit('/register', {
        name: 'Again',
        email: t.a.learner.email,
        password: 'long enough password',
      });
      expect(res.status).toBe(409);
      expect(res.text).toContain('Email already has an account in this organization');
    });

    it('refuses registration on the main site with the API’s reason', async () => {
      const res = await browser('localhost').submit('/register', {
        name: 'Main',
        email: 'main@example.com',
        password: 'long enough password',
      });
      expect(res.status).toBe(403);
      expect(res.text).toContain('Registration is open on organization sites only');
      expect(await userCount('main@example.com')).toBe(0);
    });
  });

  describe('sessions', () => {
    it('registers, signs the learner in with an HTTP-only, SameSite=Lax, host-only cookie, and signs out', async () => {
      const a = browser(SITE_A);
      const res = await a.submit('/register', {
        name: 'Grace Hopper',
        email: 'grace@example.com',
        password: 'long enough password',
      });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/dashboard');
      const cookie = [res.headers['set-cookie'] ?? []].flat().find((line: string) => line.startsWith('mtl_session='))!;
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Lax/i);
      expect(cookie).not.toMatch(/Domain=/i);
      const [row] = await asDatabaseOwner<{ organization_id: number }>(
        `SELECT organization_id FROM users WHERE email = 'grace@example.com'`,
      );
      expect(row.organization_id).toBe(t.a.id);

      const home = await a.get('/login');
      expect(home.status).toBe(303); // signed in already: on to the dashboard
      const signedIn = await a.get('/register');
      expect(signedIn.status).toBe(303);
    });

    it('signs in with the form, tells one message for a wrong password, and honours a local `next` only', async () => {
      const a = browser(SITE_A);
      const wrong = await a.submit('/login', { email: t.a.learner.email, password: 'not the password' });
      expect(wrong.status).toBe(401);
      expect(wrong.text).toContain('value="learner@example.com"');
      expect(wrong.text).toMatch(/role="alert"/);

      const ok = await a.submit('/login?next=/courses/x', {
        email: t.a.learner.email,
        password: t.a.learner.password,
        next: '/courses/x',
      });
      expect(ok.status).toBe(303);
      expect(ok.headers.location).toBe('/courses/x');
      expect(a.jar.get('mtl_session')).toBeDefined();

      const elsewhere = browser(SITE_A);
      const offsite = await elsewhere.submit('/login', {
        email: t.a.learner.email,
        password: t.a.learner.password,
        next: '//evil.example/',
      });
      expect(offsite.headers.location).toBe('/dashboard');
    });

    it("is not signed in on another site, even when handed the first site's cookie", async () => {
      const a = browser(SITE_A);
      await a.submit('/login', { email: t.a.learner.email, password: t.a.learner.password });
      const session = a.jar.get('mtl_session')!;
      const signedIn = await a.get('/login');
      expect(signedIn.status).toBe(303);

      const b = browser(SITE_B);
      b.jar.set('mtl_session', session);
      const res = await b.get('/login');
      expect(res.status).toBe(200);
      expect(res.text).toContain('href="/login"');
      expect(res.text).not.toContain('Signed in as');
      expect(b.jar.get('mtl_session')).toBeUndefined(); // the stranger's cookie is cleared
    });

    it('signs out: the cookie is cleared', async () => {
      const a = browser(SITE_A);
      const form = await a.get('/login');
      const login = await a.post('/login', {
        email: t.a.learner.email,
        password: t.a.learner.password,
        _csrf: csrfTokenOf(form.text),
      });
      expect(login.status).toBe(303);
      expect(a.jar.get('mtl_session')).toBeDefined();
      const out = await a.post('/logout', { _csrf: csrfTokenOf(form.text) });
      expect(out.status).toBe(303);
      expect(out.headers.location).toBe('/');
      expect(a.jar.get('mtl_session')).toBeUndefined();
    });
  });

  describe('catalog, course page and dashboard', () => {
    const cs101 = () => `course-v1:${t.a.shortName}+CS101+2026`;
    const betaArt = () => `course-v1:${t.b.shortName}+ART1+2026`;

    it("lists this site's catalog only, escaped, in pages of twelve, and searches it", async () => {
      const first = await browser(SITE_A).get('/');
      expect(first.status).toBe(200);
      expect(first.text).toContain('<title>Alpha Learning</title>');
      expect(first.text).toContain('14 courses');
      expect(first.text).toContain('Alpha &lt;i&gt;Computing&lt;/i&gt;');
      expect(first.text).not.toContain('Beta Art');
      expect(first.text).not.toContain('Alpha Hidden');
      expect(first.text).toContain('href="/?page=2" rel="next"');
      const second = await browser(SITE_A).get('/?page=2');
      expect((second.text.match(/class="course-card"/g) ?? []).length).toBe(2);

      const search = await browser(SITE_A).get('/?q=biology');
      expect(search.text).toContain('1 course matches');
      expect(search.text).toContain('Alpha Biology');
      expect(search.text).not.toContain('Alpha Maths');
      expect(search.text).toContain('<title>Search: biology | Alpha Learning</title>');

      const b = await browser(SITE_B).get('/');
      expect(b.text).toContain('Beta Art');
      expect(b.text).not.toContain('Alpha');
    });

    it('answers a bad page number with a themed 400 and a page past the end with a themed 404', async () => {
      const bad = await browser(SITE_A).get('/?page=0');
      expect(bad.status).toBe(400);
      expect(bad.text).toContain('page must not be less than 1');
      const past = await browser(SITE_A).get('/?page=9');
      expect(past.status).toBe(404);
      expect(past.text).toContain('Page not found');
    });

    it("shows a course page, and the same themed 404 for another site's course and for no course at all", async () => {
      const page = await browser(SITE_A).get(`/courses/${encodeURIComponent(cs101())}`);
      expect(page.status).toBe(200);
      expect(page.text).toContain('<title>Alpha &lt;i&gt;Computing&lt;/i&gt; | Alpha Learning</title>');
      expect(page.text).toContain('Sign in to enroll');
      const hidden = await browser(SITE_A).get(`/courses/${encodeURIComponent(`course-v1:${t.a.shortName}+HID+2026`)}`);
      expect(hidden.status).toBe(200);

      const other = await browser(SITE_A).get(`/courses/${encodeURIComponent(betaArt())}`);
      const none = await browser(SITE_A).get(`/courses/${encodeURIComponent(`course-v1:${t.a.shortName}+NOPE+2026`)}`);
      for (const res of [other, none]) {
        expect(res.status).toBe(404);
        expect(res.text).toContain('<title>Page not found | Alpha Learning</title>');
      }
      const same = (html: string) => html.replace(/nonce="[^"]+"/g, '').replace(/value="[^"]+"/g, '');
      expect(same(other.text)).toBe(same(none.text));
      const malformed = await browser(SITE_A).get('/courses/not%20a%20key');
      expect(malformed.status).toBe(400);
    });

    it(
      'sends a visitor who is not signed in to the sign-in page from the dashboard and ' + 'the enroll button',
      async () => {
        const dash = await browser(SITE_A).get('/dashboard');
        expect(dash.status).toBe(303);
        expect(dash.headers.location).toBe('/login?next=/dashboard');
      },
    );

    it(
      'enrolls from the course page, lists the course on the dashboard, refuses a second ' + 'enrollment and unenrolls',
      async () => {
        const a = browser(SITE_A);
        await a.submit('/login', { email: t.a.learner.email, password: t.a.learner.password });
        const path = `/courses/${encodeURIComponent(cs101())}`;
        const enrolled = await a.submit(path, {}, `${path}/enroll`);
        expect(enrolled.status).toBe(303);
        expect(enrolled.headers.location).toBe(`/dashboard?enrolled=${encodeURIComponent(cs101())}`);

        const dash = await a.get(enrolled.headers.location);
        expect(dash.status).toBe(200);
        expect(dash.text).toContain('You are now enrolled in');
        expect(dash.text).toContain('Alpha &lt;i&gt;Computing&lt;/i&gt;');
        expect(dash.text).toContain('Signed in as <strong>Learner A</strong>');

        const course = await a.get(path);
        expect(course.text).toContain('You are enrolled in this course');
        const again = await a.post(`${path}/enroll`, { _csrf: csrfTokenOf(course.text) });
        expect(again.status).toBe(409);
        expect(again.text).toContain('already enrolled');

        const out = await a.post(`${path}/unenroll`, { _csrf: csrfTokenOf(dash.text) });
        expect(out.status).toBe(303);
        const after = await a.get('/dashboard');
        expect(after.text).toContain('You are not enrolled in any course yet');
        const [row] = await asDatabaseOwner<{ is_active: boolean }>(
          `SELECT e.is_active FROM enrollments e JOIN course_runs c ON c.id = e.course_run_id ` +
            `WHERE c.course_key = $1 AND e.user_id = $2`,
          [cs101(), t.a.learner.id],
        );
        expect(row.is_active).toBe(false);
      },
    );

    it("does not enroll a learner of site A in site B's course, nor show B's learner A's enrollments", async () => {
      const a = browser(SITE_A);
      await a.submit('/login', { email: t.a.learner.email, password: t.a.learner.password });
      const home = await a.get('/');
      const res = await a.post(`/courses/${encodeURIComponent(betaArt())}/enroll`, { _csrf: csrfTokenOf(home.text) });
      expect(res.status).toBe(404);
      expect(res.text).toContain('Page not found');
      expect(
        await asDatabaseOwner(
          `SELECT 1 FROM enrollments e JOIN course_runs c ON c.id = e.course_run_id WHERE c.course_key = $1`,
          [betaArt()],
        ),
      ).toEqual([]);
      const b = browser(SITE_B);
      await b.submit('/login', { email: t.b.learner.email, password: t.b.learner.password });
      const dash = await b.get('/dashboard');
      expect(dash.text).not.toContain('Alpha');
    });
  });
});
