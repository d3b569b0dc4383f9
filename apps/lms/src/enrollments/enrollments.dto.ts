import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { PageResponseOf } from '@mtl/http';

export class EnrollDto {
  @ApiProperty({ example: 'course-v1:MITx+6.002x+2026_T1' })
  @IsString()
  @MaxLength(255)
  course_key!: string;
}

export class EnrollmentResponse {
  @ApiProperty({ example: 'course-v1:MITx+6.002x+2026_T1' }) course_key!: string;
  @ApiProperty({ example: 'audit' }) mode!: string;
  @ApiProperty({ example: true }) active!: boolean;
  @ApiProperty({
    type: String,
    format: 'date-time',
    description: 'When the learner first enrolled (kept on reactivation)',
  })
  created!: string;
}

export class EnrollmentPageResponse extends PageResponseOf(EnrollmentResponse, { count: 3 }) {}
