import { Injectable } from '@nestjs/common';
import type { Repository } from 'typeorm';
import { TenantContext, TenantScopedRepository, TenantTransactions } from '@mtl/tenancy';
import { CourseRun } from '../course-run.entity';
import { Library } from '../library.entity';
import { likePattern } from './authoring-input';

/** One page of rows and how many match in all. */
export interface Page<T> {
  count: number;
  results: T[];
}

/**
 * One page of course runs by key, optionally filtered by `q` on display name or key
 * (case-insensitively); `organizations` limits it (null: every organization, for the audited
 * cross-organization path only).
 */
export async function pageOfCourses(
  repository: Repository<CourseRun>,
  organizations: readonly number[] | null,
  search: string | undefined,
  offset: number,
  limit: number,
): Promise<Page<CourseRun>> {
  const query = repository.createQueryBuilder('c');
  if (organizations !== null)
    query.where('c.organizationId = ANY (:organizations)', { organizations: [...organizations] });
  if (search !== undefined) {
    query.andWhere(`(c.displayName ILIKE :pattern ESCAPE '\\' OR c.courseKey ILIKE :pattern ESCAPE '\\')`, {
      pattern: likePattern(search),
    });
  }
  const [results, count] = await query
    .orderBy('c.courseKey', 'ASC')
    .addOrderBy('c.id', 'ASC')
    .skip(offset)
    .take(limit)
    .getManyAndCount();
  return { count, results };
}

/** One page of libraries by key (`organizations` as in pageOfCourses). */
export async function pageOfLibraries(
  repository: Repository<Library>,
  organizations: readonly number[] | null,
  offset: number,
  limit: number,
): Promise<Page<Library>> {
  const query = repository.createQueryBuilder('l');
  if (organizations !== null)
    query.where('l.organizationId = ANY (:organizations)', { organizations: [...organizations] });
  const [results, count] = await query
    .orderBy('l.libraryKey', 'ASC')
    .addOrderBy('l.id', 'ASC')
    .skip(offset)
    .take(limit)
    .getManyAndCount();
  return { count, results };
}

/** Course runs of the organization(s) in the tenant context, as Studio writes and reads them. */
@Injectable()
export class AuthoredCoursesRepository extends TenantScopedRepository<CourseRun> {
  constructor(transactions: TenantTransactions, context: TenantContext) {
    super(CourseRun, transactions, context);
  }

  page(search: string | undefined, offset: number, limit: number): Promise<Page<CourseRun>> {
    return this.use((repository, scope) => pageOfCourses(repository, scope.readable, search, offset, limit));
  }

  /** A course whose key equals `courseKey` ignoring case (Studio's duplicate rule), or null. */
  findByKeyIgnoringCase(courseKey: string): Promise<CourseRun | null> {
    return this.use((repository, scope) =>
      repository
        .createQueryBuilder('c')
        .where('c.organizationId = ANY (:readable)', { readable: [...scope.readable] })
        .andWhere('lower(c.courseKey) = lower(:courseKey)', { courseKey })
        .getOne(),
    );
  }
}

/** Libraries of the organization(s) in the tenant context. */
@Injectable()
export class AuthoredLibrariesRepository extends TenantScopedRepository<Library> {
  constructor(transactions: TenantTransactions, context: TenantContext) {
    super(Library, transactions, context);
  }

  page(offset: number, limit: number): Promise<Page<Library>> {
    return this.use((repository, scope) => pageOfLibraries(repository, scope.readable, offset, limit));
  }

  findByKeyIgnoringCase(libraryKey: string): Promise<Library | null> {
    return this.use((repository, scope) =>
      repository
        .createQueryBuilder('l')
        .where('l.organizationId = ANY (:readable)', { readable: [...scope.readable] })
        .andWhere('lower(l.libraryKey) = lower(:libraryKey)', { libraryKey })
        .getOne(),
    );
  }
}
