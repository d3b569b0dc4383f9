import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';
import type { BackfillJobProgress, BackfillJobSummary } from '@mtl/queue';

/** Keys a request may carry (the body limit is 1 MB); larger sets go through `cli orgs:backfill`. */
export const MAX_BACKFILL_KEYS = 20_000;

export class StartBackfillDto {
  @ApiProperty({ description: 'Write the changes (false: a dry run that reports what it would do)', example: false })
  @IsBoolean()
  apply!: boolean;

  @ApiProperty({ description: 'Create new organizations and links inactive, and reactivate nothing', example: false })
  @IsBoolean()
  inactive!: boolean;

  @ApiPropertyOptional({
    type: [String],
    example: ['course-v1:MITx+6.00x+2024', 'HarvardX/CS50/2012', 'library-v1:MITx+lib'],
    description: `Course keys, up to ${MAX_BACKFILL_KEYS}; omitted: every course run and library in the database`,
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BACKFILL_KEYS)
  @IsString({ each: true })
  @MaxLength(1000, { each: true })
  keys?: string[];
}

export class JobAcceptedResponse {
  @ApiProperty({ example: '6f1c2a9e-…' }) job_id!: string;
  @ApiProperty({ example: '/api/admin/jobs/6f1c2a9e-…' }) status_url!: string;
}

export class JobProgressDto {
  @ApiProperty({ example: 1200 }) processed!: number;
  @ApiProperty({ example: 5000 }) total!: number;
}

export class JobStatusResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'operations.backfill' }) name!: string;
  @ApiProperty({ enum: ['waiting', 'active', 'completed', 'failed', 'delayed', 'paused'] }) state!: string;
  @ApiProperty({ type: JobProgressDto }) progress!: JobProgressDto;
  @ApiProperty({ nullable: true, description: 'The summary of a completed job; so far, while it runs' })
  result!: BackfillJobSummary | null;
  @ApiProperty({ nullable: true, type: String }) failed_reason!: string | null;
  @ApiProperty() created_at!: string;
  @ApiProperty({ nullable: true, type: String }) finished_at!: string | null;

  static of(
    job: {
      id: unknown;
      name: string;
      timestamp: number;
      finishedOn?: number;
      failedReason?: string;
      returnvalue: unknown;
    },
    state: string,
    progress: BackfillJobProgress | null,
  ): JobStatusResponse {
    return {
      id: String(job.id),
      name: job.name,
      state,
      progress: { processed: progress?.processed ?? 0, total: progress?.total ?? 0 },
      result: (job.returnvalue as BackfillJobSummary | null) ?? progress?.summary ?? null,
      failed_reason: job.failedReason ?? null,
      created_at: new Date(job.timestamp).toISOString(),
      finished_at: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
    };
  }
}
