import { Module } from '@nestjs/common';
import { AuthModule, LocalStrategy, MeController, STUDIO_AUDIENCE } from '@mtl/accounts';
import { AuthController } from './auth.controller';

/** Studio's authentication: tokens for the `studio` audience only; login and `GET /api/me`. */
@Module({
  imports: [AuthModule.forApp({ audience: STUDIO_AUDIENCE })],
  controllers: [AuthController, MeController],
  providers: [LocalStrategy],
})
export class StudioAuthModule {}
