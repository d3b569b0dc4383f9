import { InjectQueue } from '@nestjs/bull';
import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Queue } from 'bull';
import { Authenticated } from '@mtl/accounts';
import { ApiError, ApiErrors } from '@mtl/http';
import { BackfillJobProgress, JobName, JobPayloads, QueueName, withinRedisDeadline } from '@mtl/queue';
import { AuditTrail, CrossOrganizationAccess, TenantContext, TenantJobs } from '@mtl/tenancy';
import { JobAcceptedResponse, JobStatusResponse, StartBackfillDto } from './admin-backfill.dto';

/** Keys per committed chunk: small enough to resume cheaply, large enough for set-based SQL. */
const CHUNK_SIZE = 2_000;

/** Operators start the organizations backfill as a job and follow it. */
@ApiTags('admin: backfill')
@Controller('api/admin')
@Authenticated({ operator: true })
export class AdminBackfillController {
  constructor(
    @InjectQueue(QueueName.Operations) private readonly operations: Queue,
    private readonly jobs: TenantJobs,
    private readonly context: TenantContext,
    private readonly auditTrail: AuditTrail,
    private readonly crossOrganization: CrossOrganizationAccess,
  ) {}

  @Post('backfill')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Derive organizations and organization-course links from course keys, as a job',
    description:
      'Dry run unless `apply`. From the given `keys`, or without them from every course run and ' +
      'library in the database. Answers 202 with the job id; follow it at GET /api/admin/jobs/:id.',
  })
  @ApiAcceptedResponse({ type: JobAcceptedResponse })
  @ApiErrors(400)
  async start(@Body() body: StartBackfillDto): Promise<JobAcceptedResponse> {
    const payload: JobPayloads[JobName.Backfill] = {
      apply: body.apply,
      inactive: body.inactive,
      keys: body.keys ?? null,
      requestedBy: `operator ${this.context.principal?.userId ?? 'unknown'}`,
      chunkSize: CHUNK_SIZE,
    };
    // Queued before the audit row commits: with Redis down this throws (503) and nothing is
    // recorded; the job reads the database as it finds it, so it needs no row of this transaction.
    const jobId = await this.jobs.enqueueNow(this.operations, JobName.Backfill, payload, { attempts: 5 });
    const source = body.keys ? `${body.keys.length} given key(s)` : 'the database';
    // About no one organization: only the operators' path may record it (docs/adr/0013).
    await this.crossOrganization.acrossOrganizations(
      { actor: `operator:${this.context.principal?.userId ?? 'unknown'}`, reason: `backfill: start job ${jobId}` },
      () =>
        this.auditTrail.record({
          action: 'backfill.start',
          target: `job ${jobId}`,
          detail: `${body.apply ? 'apply' : 'dry run'}${body.inactive ? ', inactive' : ''}, from ${source}`,
        }),
    );
    return { job_id: jobId, status_url: `/api/admin/jobs/${jobId}` };
  }

  @Get('jobs/:id')
  @ApiOperation({ summary: 'State, progress (processed / total) and result of a job' })
  @ApiOkResponse({ type: JobStatusResponse })
  @ApiErrors(400, 404)
  async status(
    @Param('id', new ParseUUIDPipe({ exceptionFactory: () => ApiError.field('id', 'must be a job id (UUID)') }))
    id: string,
  ): Promise<JobStatusResponse> {
    // Read-only, so a deadline is safe here: a silent Redis answers 503, not a request left open.
    const job = await withinRedisDeadline('a job lookup', this.operations.getJob(id));
    if (!job) throw ApiError.notFound('No such job (finished jobs are kept for a while, then removed)');
    const progress = job.progress() as BackfillJobProgress | number;
    const state = await withinRedisDeadline('a job state lookup', job.getState());
    return JobStatusResponse.of(job, state, typeof progress === 'object' ? progress : null);
  }
}
