import { Module } from '@nestjs/common';
import { AuthModule, STUDIO_AUDIENCE } from '@mtl/accounts';
import { MeController } from '../me/me.controller';
import { AuthController } from './auth.controller';

/** Studio's authentication: tokens for the `studio` audience only; login and `GET /api/me`. */
@Module({
  imports: [AuthModule.forApp({ audience: STUDIO_AUDIENCE })],
  controllers: [AuthController, MeController],
})
export class StudioAuthModule {}
