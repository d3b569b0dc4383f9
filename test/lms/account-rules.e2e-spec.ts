import { asDatabaseOwner, useTwoTenantApp } from '@mtl/testing';
import { LmsModule } from '../../apps/lms/src/lms.module';
import { ALPHA, BETA, reconcileSites, seedTenantSites } from './catalog-fixture';

describe('LMS accounts: what learners expect of registration and sign-in', () => {
  const lms = useTwoTenantApp(LmsModule);
  const { t } = lms;
  const { http } = lms;

  beforeAll(async () => {
    await seedTenantSites(t);
    await reconcileSites(lms.app);
  });

  it('trims the email and compares it case-insensitively at registration and sign-in', async () => {
    const res = await http()
      .post('/api/auth/register')
      .set('Host', ALPHA)
      .send({ email: '  Ada.Lovelace@Example.com ', password: 'analytical engine', name: 'Ada' })
      .expect(201);
    expect(res.body.email).toBe('Ada.Lovelace@Example.com');
    await http()
      .post('/api/auth/register')
      .set('Host', ALPHA)
      .send({ email: 'ada.lovelace@example.COM', password: 'another long one', name: 'Ada 2' })
      .expect(409);
    await http()
      .post('/api/auth/login')
      .set('Host', ALPHA)
      .send({ email: ' ADA.lovelace@example.com  ', password: 'analytical engine' })
      .expect(200);
    // The same email registers separately on another organization's site.
    await http()
      .post('/api/auth/register')
      .set('Host', BETA)
      .send({ email: 'ada.lovelace@example.com', password: 'difference engine', name: 'Ada B' })
      .expect(201);
    const [{ count }] = await asDatabaseOwner<{ count: number }>(
      `SELECT count(*)::int AS count FROM users WHERE lower(email) = 'ada.lovelace@example.com'`,
    );
    expect(count).toBe(2);
  });

  it('states the whole password rule when refusing one: at least 10 characters, not the email', async () => {
    for (const [email, password] of [
      ['short@example.com', 'nine char'],
      ['Same.As.Email@example.com', ' same.as.email@EXAMPLE.com'],
    ]) {
      const res = await http()
        .post('/api/auth/register')
        .set('Host', ALPHA)
        .send({ email, password, name: 'N' })
        .expect(400);
      expect(res.body.details).toEqual([
        { field: 'password', reason: 'must be 10 to 256 characters and must not be the email' },
      ]);
    }
    const [{ count }] = await asDatabaseOwner<{ count: number }>(
      `SELECT count(*)::int AS count FROM users WHERE email IN ('short@example.com', 'Same.As.Email@example.com')`,
    );
    expect(count).toBe(0);
    await http()
      .post('/api/auth/register')
      .set('Host', ALPHA)
      .send({ email: 'ten@example.com', password: '0123456789', name: 'Ten' })
      .expect(201);
  });
});
