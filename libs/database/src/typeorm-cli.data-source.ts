/**
 * The data source TypeORM's own CLI loads for `npm run migration:generate`. It must list every
 * entity explicitly (no globs); capability libs export theirs and are added here.
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { DatabaseConfig, loadConcern } from '@mtl/config';
import { dataSourceOptions } from './data-source-options';
import { ALL_ENTITIES } from './all-entities';

export default new DataSource({
  ...dataSourceOptions(loadConcern(DatabaseConfig), 'mtl-typeorm-cli'),
  entities: ALL_ENTITIES,
});
