import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SiteRegistryModule } from '@mtl/sites';
import { CourseRun } from '../course-run.entity';
import { CatalogCache } from './catalog-cache';
import { CatalogRepository } from './catalog.repository';
import { CatalogService } from './catalog.service';

/** The LMS's read side of courses: a site's catalog and course pages. */
@Module({
  imports: [TypeOrmModule.forFeature([CourseRun]), SiteRegistryModule],
  providers: [CatalogRepository, CatalogService, CatalogCache],
  exports: [CatalogService, CatalogCache],
})
export class CatalogModule {}
