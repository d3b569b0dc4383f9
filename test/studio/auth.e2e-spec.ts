import { JwtService } from '@nestjs/jwt';
import { LOGIN_ATTEMPTS_PER_ACCOUNT, LOGIN_FAILED_MESSAGE } from '@mtl/accounts';
import {
  asDatabaseOwner,
  SeededMember,
  SeededTenant,
  studioToken,
  studioTokenFor,
  useTwoTenantApp,
} from '@mtl/testing';
import { StudioModule } from '../../apps/studio/src/studio.module';

const decode = (token: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));

describe('Studio authentication', () => {
  const suite = useTwoTenantApp(StudioModule);
  const { t, http } = suite;
  const jwt = () => suite.app.get(JwtService);
  const login = (body: object) => http().post('/api/auth/login').send(body);
  /** A member's own login, with their organization. */
  const loginAs = (member: SeededMember, tenant: SeededTenant) =>
    login({ email: member.email, password: member.password, organization: tenant.shortName });
  const me = (token: string) => http().get('/api/me').set('authorization', `Bearer ${token}`);

  describe('POST /api/auth/login', () => {
    it('signs a member in with their organization (any case) and issues a Studio token', async () => {
      const res = await login({
        email: t.a.admin.email.toUpperCase(),
        password: t.a.admin.password,
        organization: t.a.shortName.toLowerCase(),
      }).expect(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 3600 });
      const claims = decode(res.body.access_token);
      expect(claims).toMatchObject({ sub: t.a.admin.id, org: t.a.id, role: 'admin', aud: 'studio', iss: 'mtl' });
      expect(Number(claims.exp) - Number(claims.iat)).toBe(3600);
    });

    it('signs an operator in without an organization; the token names no organization', async () => {
      const res = await login({ email: t.operator.email, password: t.operator.password }).expect(200);
      expect(decode(res.body.access_token)).toMatchObject({
        sub: t.operator.id,
        org: null,
        role: 'operator',
        aud: 'studio',
      });
    });

    it('keeps the two accounts of one email apart: each password opens only its own organization', async () => {
      // Both accounts of learner@example.com are learners: proven credentials are refused with 403
      // (learners cannot use Studio), the other organization's password is the usual 401.
      const a = await login({
        email: 'learner@example.com',
        password: t.a.learner.password,
        organization: t.a.shortName,
      }).expect(403);
      expect(a.body).toMatchObject({ message: 'Learners cannot use Studio' });
      await login({ email: 'learner@example.com', password: t.b.learner.password, organization: t.b.shortName }).expect(
        403,
      );
      await login({ email: 'learner@example.com', password: t.a.learner.password, organization: t.b.shortName }).expect(
        401,
      );
      await login({ email: 'learner@example.com', password: t.b.learner.password, organization: t.a.shortName }).expect(
        401,
      );
    });

    it.each([
      [
        'a wrong password',
        () => ({ email: t.a.author.email, password: 'not-the-password', organization: t.a.shortName }),
      ],
      [
        'an unknown email',
        () => ({ email: 'nobody@example.com', password: t.a.author.password, organization: t.a.shortName }),
      ],
      [
        "another organization's member",
        () => ({ email: t.a.author.email, password: t.a.author.password, organization: t.b.shortName }),
      ],
      [
        'an unknown organization',
        () => ({ email: t.a.author.email, password: t.a.author.password, organization: 'NoSuchOrg' }),
      ],
      ['a member without an organization', () => ({ email: t.a.author.email, password: t.a.author.password })],
      [
        'an operator with an organization',
        () => ({ email: t.operator.email, password: t.operator.password, organization: t.a.shortName }),
      ],
      ['an operator with a wrong password', () => ({ email: t.operator.email, password: 'wrong-password' })],
    ])('refuses %s with the same 401', async (_case, body) => {
      const res = await login(body()).expect(401);
      expect(res.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: LOGIN_FAILED_MESSAGE, details: [] });
    });

    it('refuses an inactive member and the members of an inactive organization with the same 401', async () => {
      await asDatabaseOwner(`UPDATE organization_memberships SET active = false WHERE user_id = $1`, [t.b.author.id]);
      const member = await loginAs(t.b.author, t.b).expect(401);
      expect(member.body.message).toBe(LOGIN_FAILED_MESSAGE);
      await asDatabaseOwner(`UPDATE organization_memberships SET active = true WHERE user_id = $1`, [t.b.author.id]);

      await asDatabaseOwner(`UPDATE organizations SET active = false WHERE id = $1`, [t.b.id]);
      try {
        const org = await loginAs(t.b.admin, t.b).expect(401);
        expect(org.body.message).toBe(LOGIN_FAILED_MESSAGE);
      } finally {
        await asDatabaseOwner(`UPDATE organizations SET active = true WHERE id = $1`, [t.b.id]);
      }
      await loginAs(t.b.author, t.b).expect(200);
    });

    it('answers a malformed body with a 400 naming the field, before checking anything', async () => {
      const missing = await login({ password: 'whatever-1' }).expect(400);
      expect(missing.body.details).toContainEqual({ field: 'email', reason: 'must be an email' });
      const badOrg = await login({
        email: t.a.admin.email,
        password: t.a.admin.password,
        organization: 'no spaces',
      }).expect(400);
      expect(badOrg.body.details).toEqual([
        { field: 'organization', reason: 'must be an organization short_name ([A-Za-z0-9._-])' },
      ]);
      const extra = await login({ email: t.a.admin.email, password: t.a.admin.password, admin: true }).expect(400);
      expect(extra.body.details).toEqual([{ field: 'admin', reason: 'is not an accepted field' }]);
      const notObject = await http().post('/api/auth/login').send(['x']).expect(400);
      expect(notObject.body.details).toEqual([{ field: 'body', reason: 'must be a JSON object' }]);
      const emptyPassword = await login({ email: t.a.admin.email, password: '' }).expect(400);
      expect(emptyPassword.body.details).toEqual([{ field: 'password', reason: 'should not be empty' }]);
    });

    it(
      `answers 429 in the error shape after ${LOGIN_ATTEMPTS_PER_ACCOUNT} attempts per address ` +
        `and email, other emails unaffected`,
      async () => {
        const body = {
          email: t.b.learner.email.replace('learner', 'throttled'),
          password: 'guess-password',
          organization: t.b.shortName,
        };
        for (let i = 0; i < LOGIN_ATTEMPTS_PER_ACCOUNT; i++) await login(body).expect(401);
        const blocked = await login(body).expect(429);
        expect(blocked.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests', details: [] });
        expect(blocked.body.message).toMatch(/^Too many sign-in attempts; try again in \d+ seconds$/);
        expect(Number(blocked.headers['retry-after-login-account'])).toBeGreaterThan(0);
        // Even the right password is refused while blocked; the counter is per email, so others go on.
        await login({ ...body, email: body.email.toUpperCase() }).expect(429);
        await loginAs(t.b.author, t.b).expect(200);
      },
    );
  });

  describe('GET /api/me', () => {
    it('describes a member with their organization and current role', async () => {
      const token = await studioTokenFor(t.a.author, t.a, suite.app);
      const res = await me(token).expect(200);
      expect(res.body).toEqual({
        id: t.a.author.id,
        email: t.a.author.email,
        name: t.a.author.name,
        organization: { id: t.a.id, short_name: t.a.shortName, name: t.a.name },
        role: 'author',
      });
    });

    it('describes an operator with no organization', async () => {
      const token = await studioToken(suite.app, { email: t.operator.email, password: t.operator.password });
      const res = await me(token).expect(200);
      expect(res.body).toEqual({
        id: t.operator.id,
        email: t.operator.email,
        name: t.operator.name,
        organization: null,
        role: 'operator',
      });
    });
  });

  describe('tokens', () => {
    const claimsOf = () => ({ sub: t.a.author.id, org: t.a.id, role: 'author' });

    it('requires a token (401 with a Bearer challenge)', async () => {
      const res = await http().get('/api/me').expect(401);
      expect(res.headers['www-authenticate']).toBe('Bearer');
      expect(res.body).toMatchObject({ statusCode: 401, error: 'Unauthorized', details: [] });
      await http().get('/api/me').set('authorization', 'Basic YTpi').expect(401);
    });

    it('refuses a tampered token', async () => {
      const token = await studioTokenFor(t.a.author, t.a, suite.app);
      const [header, , signature] = token.split('.');
      const forged = Buffer.from(JSON.stringify({ ...decode(token), org: t.b.id, role: 'admin' })).toString(
        'base64url',
      );
      const res = await me(`${header}.${forged}.${signature}`).expect(401);
      expect(res.body.message).toBe('The access token is invalid');
    });

    it('refuses an expired token', async () => {
      const now = Math.floor(Date.now() / 1000);
      const token = await jwt().signAsync({ ...claimsOf(), iat: now - 7200, exp: now - 3600 }, { audience: 'studio' });
      const res = await me(token).expect(401);
      expect(res.body.message).toBe('The access token has expired');
    });

    it("refuses a token for another audience (an LMS site's)", async () => {
      const token = await jwt().signAsync(claimsOf(), { audience: 'site:1', expiresIn: 600 });
      const res = await me(token).expect(401);
      expect(res.body.message).toBe('The access token was issued for an LMS site, not for Studio');
      const none = await jwt().signAsync(claimsOf(), { expiresIn: 600 });
      const noAudience = await me(none).expect(401);
      expect(noAudience.body.message).toBe('The access token was not issued for this application');
    });

    it('refuses a token signed with another secret, or not signed at all', async () => {
      const other = await jwt().signAsync(claimsOf(), {
        audience: 'studio',
        expiresIn: 600,
        secret: 'another-secret-of-enough-length',
      });
      await me(other).expect(401);
      const unsigned = [
        Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url'),
        Buffer.from(
          JSON.stringify({ ...claimsOf(), aud: 'studio', iss: 'mtl', exp: Math.floor(Date.now() / 1000) + 600 }),
        ).toString('base64url'),
        '',
      ].join('.');
      await me(unsigned).expect(401);
    });

    it('refuses a well-signed token naming no current account, or a member under another organization', async () => {
      const ghost = await jwt().signAsync(
        { ...claimsOf(), sub: '00000000-0000-4000-8000-000000000000' },
        { audience: 'studio', expiresIn: 600 },
      );
      await me(ghost).expect(401);
      // A's member claimed under B: B's scope does not find them (row-level security), so 401.
      const crossed = await jwt().signAsync({ ...claimsOf(), org: t.b.id }, { audience: 'studio', expiresIn: 600 });
      await me(crossed).expect(401);
      const fakeOperator = await jwt().signAsync(
        { sub: t.a.admin.id, org: null, role: 'operator' },
        { audience: 'studio', expiresIn: 600 },
      );
      await me(fakeOperator).expect(401);
    });

    it('stops working once the member is deactivated (403), and works again once reactivated', async () => {
      const token = await studioTokenFor(t.b.admin, t.b, suite.app);
      await me(token).expect(200);
      await asDatabaseOwner(`UPDATE organization_memberships SET active = false WHERE user_id = $1`, [t.b.admin.id]);
      const res = await me(token).expect(403);
      expect(res.body).toMatchObject({ statusCode: 403, error: 'Forbidden' });
      await asDatabaseOwner(`UPDATE organization_memberships SET active = true WHERE user_id = $1`, [t.b.admin.id]);
      await me(token).expect(200);
    });
  });
});
