import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CROSS_ORGANIZATION_DATA_SOURCE, openDatabase } from '@mtl/database';

/**
 * Signs a transaction's tenant scope so that PostgreSQL can tell the application's settings
 * from a `set_config` in injected SQL (docs/adr/0006): the row-level security helpers accept
 * `mtl.readable_orgs`/`mtl.writable_org` only with `mtl.scope_signature` =
 * sha256(key ‖ sha256(key ‖ "readable|writable")), hex. The key is random per database, in a
 * table the request role cannot read; this process reads it once, through the cross-organization login.
 */
@Injectable()
export class TenantScopeSigner {
  private key?: Promise<Buffer>;

  constructor(@InjectDataSource(CROSS_ORGANIZATION_DATA_SOURCE) private readonly crossOrganization: DataSource) {}

  async sign(readable: string, writable: string): Promise<string> {
    const key = await this.loadKey();
    const inner = createHash('sha256').update(key).update(`${readable}|${writable}`, 'utf8').digest();
    return createHash('sha256').update(key).update(inner).digest('hex');
  }

  private loadKey(): Promise<Buffer> {
    this.key ??= (async () => {
      await openDatabase(this.crossOrganization);
      const [row] = await this.crossOrganization.query<{ key: Buffer }[]>('SELECT key FROM tenant_scope_key');
      if (!row) throw new Error('tenant_scope_key is empty: run the migrations');
      return row.key;
    })().catch((error: unknown) => {
      this.key = undefined; // try again next time (the database may have been down)
      throw error;
    });
    return this.key;
  }
}
