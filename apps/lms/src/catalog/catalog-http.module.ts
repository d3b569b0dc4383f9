import { Module } from '@nestjs/common';
import { CatalogModule } from '@mtl/courses';
import { CatalogController } from './catalog.controller';

/** `/api/courses`: the site's catalog and course pages (public). */
@Module({
  imports: [CatalogModule],
  controllers: [CatalogController],
})
export class LmsCatalogModule {}
