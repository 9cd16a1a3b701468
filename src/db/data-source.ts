// The file the TypeORM CLI reads (npm run migration:generate). It needs exactly one DataSource
// export, and a real DATABASE_URL: generate migrations against a database you can throw away.
import 'reflect-metadata'
import { DataSource } from 'typeorm'
import { dataSourceOptions } from './options.ts'

export const AppDataSource = new DataSource(
  dataSourceOptions(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/volunteer_roles_dev'),
)
