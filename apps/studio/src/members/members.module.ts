import { Module } from '@nestjs/common';
import { MembersController } from './members.controller';

/** `/api/organization/members`: organization admins manage who may author (AuthModule is global). */
@Module({ controllers: [MembersController] })
export class MembersModule {}
