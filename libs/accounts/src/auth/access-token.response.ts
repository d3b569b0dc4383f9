import { ApiProperty } from '@nestjs/swagger';

/** The body of a successful login, in Studio and on an LMS site. */
export class AccessTokenResponse {
  @ApiProperty({
    description:
      'JWT to send as `Authorization: Bearer <access_token>`; valid only where it was issued (Studio, or one LMS site)',
  })
  access_token!: string;

  @ApiProperty({ example: 'Bearer' })
  token_type!: 'Bearer';

  @ApiProperty({ example: 3600, description: 'Seconds until the token expires' })
  expires_in!: number;
}
