import { Body, Controller, Get, Post } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsEmail, IsInt, IsString, Min, ValidateNested } from 'class-validator';
import { LmsModule } from '../../apps/lms/src/lms.module';
import { StudioModule } from '../../apps/studio/src/studio.module';
import { useHttpTestApp } from '@mtl/testing';

class AddressDto {
  @IsString()
  city!: string;
}

class ProbeDto {
  @IsEmail()
  email!: string;

  @IsInt()
  @Min(1)
  count!: number;

  @ValidateNested()
  @Type(() => AddressDto)
  address!: AddressDto;
}

/** Test-only endpoints that exercise the shared conventions from inside a real app. */
@Controller('__probe')
class ProbeController {
  @Post()
  echo(@Body() body: ProbeDto): ProbeDto {
    return body;
  }

  @Get('boom')
  boom(): never {
    throw new Error('secret internal detail: password=hunter2');
  }
}

const valid = { email: 'a@example.com', count: 2, address: { city: 'Paris' } };

describe.each([
  ['LMS', LmsModule],
  ['Studio', StudioModule],
])('HTTP conventions (%s)', (_name, module) => {
  const { http } = useHttpTestApp(module, { extraControllers: [ProbeController] });

  it('accepts a valid body', async () => {
    const res = await http().post('/__probe').send(valid).expect(201);
    expect(res.body).toEqual(valid);
  });

  it('answers malformed JSON with a 400 naming the body', async () => {
    const res = await http().post('/__probe').set('content-type', 'application/json').send('{"email": ').expect(400);
    expect(res.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'body is not valid JSON',
      details: [{ field: 'body', reason: 'is not valid JSON' }],
    });
  });

  it('refuses unknown fields, naming them', async () => {
    const res = await http()
      .post('/__probe')
      .send({ ...valid, admin: true })
      .expect(400);
    expect(res.body.details).toEqual([{ field: 'admin', reason: 'is not an accepted field' }]);
    expect(res.body.error).toBe('Bad Request');
  });

  it('names every wrongly typed field, nested ones by path', async () => {
    const res = await http()
      .post('/__probe')
      .send({ email: 'nope', count: '3', address: { city: 5 } })
      .expect(400);
    expect(res.body.message).toBe('Validation failed');
    const fields = res.body.details.map((d: { field: string }) => d.field).sort();
    expect(fields).toEqual(['address.city', 'count', 'count', 'email']);
    expect(res.body.details).toContainEqual({ field: 'email', reason: 'must be an email' });
  });

  it('refuses a JSON body that is not an object', async () => {
    const res = await http().post('/__probe').send([valid]).expect(400);
    expect(res.body.details).toEqual([{ field: 'body', reason: 'must be a JSON object' }]);
  });

  it('answers unknown routes with a 404 in the error shape', async () => {
    const res = await http().get('/no/such/route').expect(404);
    expect(res.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'No such route', details: [] });
  });

  it('hides unexpected errors behind an error id', async () => {
    const res = await http().get('/__probe/boom').expect(500);
    expect(res.body).toMatchObject({ statusCode: 500, error: 'Internal Server Error', details: [] });
    expect(res.body.errorId).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body.message).toContain(res.body.errorId);
    expect(JSON.stringify(res.body)).not.toContain('hunter2');
  });

  it('echoes a sane X-Request-Id and replaces an unsafe one', async () => {
    const kept = await http().get('/health').set('x-request-id', 'abc-123');
    expect(kept.headers['x-request-id']).toBe('abc-123');
    const replaced = await http().get('/health').set('x-request-id', 'bad id\twith spaces');
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const generated = await http().get('/no/such/route');
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reports database and Redis as up on /health', async () => {
    const res = await http().get('/health').expect(200);
    expect(res.body).toEqual({ status: 'ok', checks: { database: { status: 'up' }, redis: { status: 'up' } } });
  });

  it('serves its OpenAPI document at /docs', async () => {
    const res = await http().get('/docs/openapi.json').expect(200);
    expect(res.body.paths['/health']).toBeDefined();
    expect(res.body.components.schemas.ErrorBody).toBeDefined();
    await http().get('/docs').expect(200);
  });
});
