import { Body, Controller, HttpStatus, Post, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiError, ApiErrors, Public } from '@mtl/http';
import {
  AccessToken,
  AccessTokenResponse,
  LoginEndpoint,
  Principal,
  STUDIO_AUDIENCE,
  TokenService,
} from '@mtl/accounts';
import { StudioLoginDto } from './login.dto';

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(private readonly tokens: TokenService) {}

  @Post('login')
  @Public()
  @LoginEndpoint(StudioLoginDto)
  @ApiOperation({
    summary: 'Sign in to Studio',
    description:
      'Members give their organization; operators give none. Learners are refused (403). Every ' +
      ('failure (wrong password, unknown email, wrong or inactive organization, inactive member) ' +
        'is the same 401. At most 10 attempts per minute per address and email (429).'),
  })
  @ApiOkResponse({ type: AccessTokenResponse })
  @ApiErrors(403)
  login(@Body() _credentials: StudioLoginDto, @Req() request: { user: Principal }): Promise<AccessToken> {
    // Learners do not author: refused once their credentials are proven, so no token exists for them here.
    if (request.user.role === 'learner') throw new ApiError(HttpStatus.FORBIDDEN, 'Learners cannot use Studio');
    return this.tokens.issueToken(request.user, STUDIO_AUDIENCE);
  }
}
