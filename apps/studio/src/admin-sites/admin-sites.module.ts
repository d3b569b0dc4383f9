import { Module } from '@nestjs/common';
import { SitesModule } from '@mtl/sites';
import { AdminSitesController } from './admin-sites.controller';

@Module({ imports: [SitesModule], controllers: [AdminSitesController] })
export class AdminSitesModule {}
