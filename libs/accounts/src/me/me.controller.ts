import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccountsService } from '../accounts.service';
import { Authenticated } from '../auth/authenticated.decorator';
import { MeResponse } from './me.dto';

@ApiTags('auth')
@Controller('api/me')
export class MeController {
  constructor(private readonly accounts: AccountsService) {}

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'The signed-in member or operator' })
  @ApiOkResponse({ type: MeResponse })
  async me(): Promise<MeResponse> {
    return MeResponse.of(await this.accounts.getMe());
  }
}
