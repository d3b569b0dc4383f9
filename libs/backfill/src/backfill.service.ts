import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import type { EntityManager } from 'typeorm';
import { StagedOrganizationWrites, type StagingTables } from '@mtl/organizations';
import { CrossOrganizationAccess, TenantContext } from '@mtl/tenancy';
import type { BackfillOptions, BackfillResult, BackfillSource, CountedList } from './backfill.types';
import { KeyClassifier } from './key-classifier';

/** COPY text is handed to the connection in pieces of about this many characters. */
const COPY_PIECE = 256 * 1024;
/** `onProgress` is called every this many lines while reading. */
const PROGRESS_EVERY_LINES = 20_000;
/** The temporary tables of the backfill's transaction that the organizations lib writes from. */
const STAGING: StagingTables = { organizations: 'backfill_orgs', links: 'backfill_links' };

/**
 * `backfill_orgs_and_org_courses` (B-BACKFILL-1..6) over a stream of keys: derives the
 * organizations (course and library-v1 orgs, matched case-insensitively, missing ones created
 * with name = short name) and the organization–course links (courses only) the keys imply,
 * and creates or reactivates them, or in a dry run only says what it would do.
 *
 * Built for millions of keys: the source is read line by line and each course key becomes one
 * `(lower-cased org, course id)` row streamed with `COPY` into a temporary table of the one
 * transaction; de-duplication, comparison with what is stored and the writes are a handful of
 * set-based statements. Memory holds only the distinct organizations and a few report lines.
 * The transaction is the audited cross-organization path (docs/adr/0006, 0013). The statements
 * that write organizations and links are the organizations lib's (StagedOrganizationWrites): this
 * service stages and compares, that one owns what a created or reactivated row means.
 */
@Injectable()
export class BackfillService {
  constructor(
    private readonly crossOrganization: CrossOrganizationAccess,
    private readonly context: TenantContext,
    private readonly writes: StagedOrganizationWrites,
  ) {}

  /**
   * The original's source: every course run and every library in the database (B-BACKFILL-1).
   * Their keys are copied out first (an audited read across organizations, streamed to a
   * temporary file, so memory stays flat), then backfilled as a file would be. Line numbers in
   * the report count in that listing: course runs, then libraries.
   */
  async runFromDatabase(options: BackfillOptions = {}): Promise<BackfillResult> {
    const dir = mkdtempSync(path.join(tmpdir(), 'mtl-backfill-'));
    const file = path.join(dir, 'keys.txt');
    try {
      await this.crossOrganization.acrossOrganizations(
        { actor: this.actor(options.actor), reason: 'backfill: reading every course run and library key' },
        async (manager) => {
          const copy = rawClient(manager).query(
            copyTo(`COPY (SELECT course_key FROM course_runs ORDER BY course_key) TO STDOUT`),
          );
          const libraries = () =>
            rawClient(manager).query(copyTo(`COPY (SELECT library_key FROM libraries ORDER BY library_key) TO STDOUT`));
          const out = createWriteStream(file);
          await pipeline(copy, out, { end: false });
          await pipeline(libraries(), out);
        },
      );
      return await this.run(createReadStream(file), options);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  async run(source: BackfillSource, options: BackfillOptions = {}): Promise<BackfillResult> {
    const apply = options.apply ?? false;
    const inactive = options.inactive ?? false;
    const listLimit = options.listLimit ?? 20;
    const reason =
      `backfill: organizations and organization-course links from course ` +
      `keys${apply ? '' : ' (dry run)'}${inactive ? ' (inactive)' : ''}`;
    return this.crossOrganization.acrossOrganizations({ actor: this.actor(options.actor), reason }, async (manager) => {
      const client = rawClient(manager);
      await client.query(`SET LOCAL work_mem = '128MB'`);
      await client.query(`CREATE TEMP TABLE backfill_keys (org text NOT NULL, course_id text NOT NULL) ON COMMIT DROP`);
      const classifier = await copyKeys(client, source, options);
      options.onProgress?.({ phase: 'writing', lines: classifier.lines, bytes: -1 });

      // Organizations: a few thousand at most, so they travel as two arrays.
      const orgKeys = [...classifier.organizations.keys()];
      await client.query(
        `CREATE TEMP TABLE backfill_orgs (org text PRIMARY KEY, short_name text NOT NULL) ON COMMIT DROP`,
      );
      await client.query(`INSERT INTO backfill_orgs (org, short_name) SELECT * FROM unnest($1::text[], $2::text[])`, [
        orgKeys,
        orgKeys.map((key) => classifier.organizations.get(key)!),
      ]);
      const organizations = await writeOrganizations(client, this.writes, { apply, inactive, listLimit });
      const links = await writeLinks(client, this.writes, { apply, inactive, listLimit });

      return {
        applied: apply,
        inactive,
        lines: classifier.lines,
        courses: classifier.courses,
        libraries: classifier.libraries,
        skippedV2Libraries: classifier.skippedV2Libraries,
        invalid: { count: classifier.invalidCount, first: classifier.invalidFirst },
        badShortNames: {
          count: classifier.badShortNameCount,
          organizations: classifier.badShortNameOrgs.size,
          first: classifier.badShortNameFirst,
        },
        organizations,
        links,
      };
    });
  }

  private actor(explicit?: string): string {
    if (explicit?.trim()) return explicit;
    const principal = this.context.principal;
    return principal ? `${principal.role}:${principal.userId}` : 'system';
  }
}

/** The pg client under the transaction's TypeORM query runner (PostgresQueryRunner.databaseConnection). */
function rawClient(manager: EntityManager): PoolClient {
  const client = (manager.queryRunner as unknown as { databaseConnection?: PoolClient } | undefined)
    ?.databaseConnection;
  if (!client) throw new Error('backfill: the transaction has no PostgreSQL connection');
  return client;
}

/** Reads the source line by line, classifies each key and COPYs the course rows into backfill_keys. */
async function copyKeys(client: PoolClient, source: BackfillSource, options: BackfillOptions): Promise<KeyClassifier> {
  const copy = client.query(copyFrom(`COPY backfill_keys (org, course_id) FROM STDIN`));
  const copyDone = new Promise<void>((resolve, reject) => {
    copy.on('finish', resolve);
    copy.on('error', reject);
  });
  let pending = '';
  const classifier = new KeyClassifier((row) => (pending += row), options.problemLimit ?? 10);
  const decoder = new StringDecoder('utf8');
  let bytes = 0;
  let partial = '';
  let nextProgress = PROGRESS_EVERY_LINES;
  const flush = async () => {
    if (pending.length === 0) return;
    const piece = pending;
    pending = '';
    if (!copy.write(piece)) await Promise.race([once(copy, 'drain'), copyDone]);
  };
  try {
    for await (const chunk of source as AsyncIterable<Buffer | string>) {
      let text: string;
      if (typeof chunk === 'string') {
        bytes += Buffer.byteLength(chunk);
        text = partial + chunk;
      } else {
        bytes += chunk.length;
        text = partial + decoder.write(chunk);
      }
      let start = 0;
      for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
        classifier.add(text.slice(start, end));
        start = end + 1;
        if (pending.length >= COPY_PIECE) await flush();
      }
      partial = text.slice(start);
      if (classifier.lines >= nextProgress) {
        options.onProgress?.({ phase: 'reading', lines: classifier.lines, bytes });
        nextProgress = classifier.lines + PROGRESS_EVERY_LINES;
      }
    }
    partial += decoder.end();
    // A last line without a line break still counts; a final line break does not start another.
    if (partial.length > 0) classifier.add(partial);
    await flush();
    copy.end();
    await copyDone;
  } catch (error) {
    // Ends the COPY (the transaction is rolled back by the caller's failure anyway).
    copy.destroy(error instanceof Error ? error : new Error(String(error)));
    throw error;
  }
  options.onProgress?.({ phase: 'reading', lines: classifier.lines, bytes });
  return classifier;
}

interface WriteOptions {
  apply: boolean;
  inactive: boolean;
  listLimit: number;
}

/** B-ORGAPI-5 over backfill_orgs: create the missing organizations, reactivate inactive ones (unless inactive). */
async function writeOrganizations(
  client: PoolClient,
  writes: StagedOrganizationWrites,
  { apply, inactive, listLimit }: WriteOptions,
): Promise<{ created: CountedList; reactivated: CountedList }> {
  const planned = await client.query<{ short_name: string; stored: string | null; active: boolean | null }>(
    `SELECT b.short_name, o.short_name AS stored, o.active
       FROM backfill_orgs b LEFT JOIN organizations o ON lower(o.short_name) = b.org`,
  );
  let created = planned.rows.filter((row) => row.stored === null).map((row) => row.short_name);
  let reactivated = inactive ? [] : planned.rows.filter((row) => row.active === false).map((row) => row.stored!);
  if (apply) {
    created = await writes.insertOrganizations(client, STAGING, !inactive);
    if (!inactive) reactivated = await writes.reactivateOrganizations(client, STAGING);
  }
  return { created: countedList(created, listLimit), reactivated: countedList(reactivated, listLimit) };
}

/**
 * B-ORGAPI-10 over backfill_keys: the distinct (org, course) pairs with their organization and
 * the state of their stored link, then one INSERT for the new links and one UPDATE for the
 * inactive ones (StagedOrganizationWrites). Runs after writeOrganizations, so on a real run every pair has an
 * organization;
 * in a dry run the pairs of organizations still to be created are all new.
 */
async function writeLinks(
  client: PoolClient,
  writes: StagedOrganizationWrites,
  { apply, inactive, listLimit }: WriteOptions,
): Promise<{ created: CountedList; reactivated: CountedList }> {
  await client.query(
    `CREATE TEMP TABLE backfill_links ON COMMIT DROP AS
     SELECT k.org, k.course_id, o.id AS organization_id, oc.active AS stored_active
       FROM (SELECT DISTINCT org, course_id FROM backfill_keys) k
       LEFT JOIN organizations o ON lower(o.short_name) = k.org
       LEFT JOIN organization_courses oc ON oc.organization_id = o.id AND oc.course_id = k.course_id`,
  );
  const [counts] = (
    await client.query<{ to_create: string; to_reactivate: string }>(
      `SELECT count(*) FILTER (WHERE stored_active IS NULL) AS to_create, count(*) FILTER ` +
        `(WHERE NOT stored_active) AS to_reactivate FROM backfill_links`,
    )
  ).rows;
  const firstLines = async (where: string) =>
    (
      await client.query<{ line: string }>(
        `SELECT org || ',' || course_id AS line FROM backfill_links WHERE ${where} ORDER BY org ` +
          `COLLATE "C", course_id COLLATE "C" LIMIT $1`,
        [listLimit],
      )
    ).rows.map((row) => row.line);
  let created = Number(counts.to_create);
  let reactivated = inactive ? 0 : Number(counts.to_reactivate);
  const createdFirst = created > 0 ? await firstLines('stored_active IS NULL') : [];
  const reactivatedFirst = reactivated > 0 ? await firstLines('NOT stored_active') : [];
  if (apply) {
    created = await writes.insertLinks(client, STAGING, !inactive);
    if (!inactive && reactivated > 0) reactivated = await writes.reactivateLinks(client, STAGING);
  }
  return {
    created: { count: created, first: createdFirst.slice(0, created) },
    reactivated: { count: reactivated, first: reactivatedFirst.slice(0, reactivated) },
  };
}

function countedList(names: string[], limit: number): CountedList {
  const sorted = [...names].sort();
  return { count: sorted.length, first: sorted.slice(0, limit) };
}
