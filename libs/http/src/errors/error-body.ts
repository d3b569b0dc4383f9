import { ApiProperty } from '@nestjs/swagger';

/** One problem with the request: which field, and why. */
export class ErrorDetail {
  @ApiProperty({ example: 'email', description: 'Path of the offending field (`body` for the body as a whole)' })
  field!: string;

  @ApiProperty({ example: 'must be an email', description: 'Why the value was refused' })
  reason!: string;
}

/** The one error shape of every endpoint, 4xx and 5xx alike. */
export class ErrorBody {
  @ApiProperty({ example: 400 })
  statusCode!: number;

  @ApiProperty({ example: 'Bad Request' })
  error!: string;

  @ApiProperty({ example: 'Validation failed' })
  message!: string;

  @ApiProperty({ type: [ErrorDetail] })
  details!: ErrorDetail[];

  @ApiProperty({
    required: false,
    description: 'Present on 500s: quote it when reporting the problem; the same id is in the server log',
  })
  errorId?: string;
}
