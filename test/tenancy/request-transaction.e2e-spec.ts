/**
 * `@InRequestTransaction()` over HTTP (docs/adr/0019): the handler's statements share one
 * transaction that commits when it answers and rolls back when it throws, whether the decorator
 * sits on the class, the method or both; a request the pipes refuse never takes a connection.
 */
import { Body, ConflictException, Controller, Get, Module, Post, Query, UseGuards } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiProperty } from '@nestjs/swagger';
import { IsEmail } from 'class-validator';
import request from 'supertest';
import { User } from '@mtl/accounts';
import { AppConfigModule } from '@mtl/config';
import { DatabaseModule } from '@mtl/database';
import { LoggingModule } from '@mtl/logging';
import { InRequestTransaction, TenancyModule, TenantTransactions } from '@mtl/tenancy';
import { asDatabaseOwner, createHttpTestApp, OrganizationFromHeaderGuard, requestPool } from '@mtl/testing';
import { seedTwoOrganizations, TwoOrganizations, UsersProbeRepository } from './tenancy-fixture';

class NewUsers {
  @ApiProperty()
  @IsEmail()
  email!: string;
}

@Controller('probe')
@UseGuards(OrganizationFromHeaderGuard)
@InRequestTransaction()
class ProbeController {
  constructor(
    private readonly users: UsersProbeRepository,
    private readonly transactions: TenantTransactions,
  ) {}

  /** Two users, or the first and then a refusal: both are kept, or neither. */
  @Post('users')
  async twoUsers(@Body() body: NewUsers, @Query('refuse') refuse?: string): Promise<{ created: number }> {
    await this.users.insert({ email: `first-${body.email}`, name: 'First', passwordHash: 'x' });
    if (refuse) throw new ConflictException('the second user is refused');
    await this.users.insert({ email: `second-${body.email}`, name: 'Second', passwordHash: 'x' });
    return { created: 2 };
  }

  /** A write, then a statement that tells whether it runs in the write's transaction. */
  @Post('write-then-look')
  @InRequestTransaction() // on the class too: still the one transaction
  async writeThenLook(@Body() body: NewUsers): Promise<{ inTheWritesTransaction: boolean }> {
    await this.users.insert({ email: body.email, name: 'Looker', passwordHash: 'x' });
    // A read of its own would run in a transaction of its own, which has no id.
    const [look] = await this.transactions.run((m) =>
      m.query<{ xid: string | null }[]>(`SELECT pg_current_xact_id_if_assigned()::text AS xid`),
    );
    return { inTheWritesTransaction: look.xid !== null };
  }

  @Get('users')
  async count(): Promise<{ users: number }> {
    return { users: await this.users.countBy() };
  }
}

@Module({
  imports: [
    AppConfigModule.forRoot(),
    LoggingModule.forApp('test'),
    DatabaseModule.forApp('test'),
    TenancyModule,
    TypeOrmModule.forFeature([User]),
  ],
  controllers: [ProbeController],
  providers: [UsersProbeRepository, OrganizationFromHeaderGuard],
})
class ProbeModule {}

describe('@InRequestTransaction over HTTP', () => {
  let app: NestFastifyApplication;
  let orgs: TwoOrganizations;
  let acquisitions = 0;

  const emails = async (organizationId: number) =>
    (
      await asDatabaseOwner<{ email: string }>(
        `SELECT email FROM users WHERE organization_id = $1 AND email LIKE '%@request.example' ORDER BY email`,
        [organizationId],
      )
    ).map((r) => r.email);

  beforeAll(async () => {
    orgs = await seedTwoOrganizations();
    app = await createHttpTestApp(ProbeModule);
    requestPool(app).on('acquire', () => void acquisitions++);
  });
  afterAll(() => app.close());

  it('commits every write of a request that answers', async () => {
    const res = await request(app.getHttpServer())
      .post('/probe/users')
      .set('x-org', String(orgs.a.id))
      .send({ email: 'kept@request.example' });
    expect(res.status).toBe(201);
    expect(await emails(orgs.a.id)).toEqual(['first-kept@request.example', 'second-kept@request.example']);
  });

  it('keeps nothing of a request that throws after writing, and answers with its error', async () => {
    const res = await request(app.getHttpServer())
      .post('/probe/users?refuse=1')
      .set('x-org', String(orgs.b.id))
      .send({ email: 'dropped@request.example' });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ message: 'the second user is refused' });
    expect(await emails(orgs.b.id)).toEqual([]);
  });

  it('runs the statements after a write in its transaction, wrapped once by class and method', async () => {
    const res = await request(app.getHttpServer())
      .post('/probe/write-then-look')
      .set('x-org', String(orgs.b.id))
      .send({ email: 'looker@request.example' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ inTheWritesTransaction: true });
  });

  it('takes no connection for a request its pipes refuse', async () => {
    const before = acquisitions;
    const res = await request(app.getHttpServer())
      .post('/probe/users')
      .set('x-org', String(orgs.a.id))
      .send({ email: 'not an email' });
    expect(res.status).toBe(400);
    expect(acquisitions).toBe(before);
    const counted = await request(app.getHttpServer()).get('/probe/users').set('x-org', String(orgs.a.id));
    expect(counted.body).toEqual({ users: 3 }); // the seeded one and the two kept above
    expect(acquisitions).toBe(before + 1);
  });
});
