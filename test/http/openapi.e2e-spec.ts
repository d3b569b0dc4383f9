import { useHttpTestApp } from '@mtl/testing';
import { LmsModule } from '../../apps/lms/src/lms.module';
import { StudioModule } from '../../apps/studio/src/studio.module';

interface Operation {
  parameters?: { in: string; name: string }[];
  requestBody?: unknown;
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
  security?: unknown[];
}

describe.each([
  ['LMS', LmsModule],
  ['Studio', StudioModule],
])('the OpenAPI description of %s', (_name, module) => {
  const { http } = useHttpTestApp(module);
  let operations: [string, Operation][];

  beforeAll(async () => {
    const doc = (await http().get('/docs/openapi.json').expect(200)).body as {
      paths: Record<string, Record<string, Operation>>;
    };
    operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => [`${method.toUpperCase()} ${path}`, op] as [string, Operation]),
    );
  });

  it('describes every endpoint with a typed success answer', () => {
    expect(operations.length).toBeGreaterThan(1);
    const missing = operations.filter(([, op]) => {
      const success = Object.entries(op.responses).find(([status]) => status.startsWith('2'));
      return !success || (success[0] !== '204' && !success[1].content?.['application/json']?.schema);
    });
    expect(missing.map(([name]) => name)).toEqual([]);
  });

  it('documents the error answers of every endpoint that takes input or a token, in the shared shape', () => {
    const missing = operations.filter(([, op]) => {
      const takesInput = !!op.requestBody || (op.parameters ?? []).length > 0;
      const errors = Object.keys(op.responses).filter((status) => status >= '400');
      const needs = [...(takesInput ? ['400'] : []), ...(op.security ? ['401'] : [])];
      return needs.some((status) => !errors.includes(status) && !(status === '400' && errors.includes('404')));
    });
    expect(missing.map(([name]) => name)).toEqual([]);
  });
});
