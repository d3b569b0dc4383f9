import { Module } from '@nestjs/common';
import { OrganizationsModule } from '@mtl/organizations';
import { OrganizationsApiController } from './organizations-api.controller';

/** The edx-organizations v0 REST API, operators only. */
@Module({ imports: [OrganizationsModule], controllers: [OrganizationsApiController] })
export class OrganizationsApiModule {}
