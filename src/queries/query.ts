import type { DataSource, EntityManager } from 'typeorm'

/** What a page reads: `applicantApplications(db, { email })`. Queries change nothing. */
export type Query<Params, Result> = (db: EntityManager, params: Params) => Promise<Result>

/** Runs queries outside any transaction. Routes reach it as `services.read`. */
export function createQueryRunner(dataSource: DataSource) {
  return function read<Params, Result>(query: Query<Params, Result>, params: Params): Promise<Result> {
    return query(dataSource.manager, params)
  }
}

export type QueryRunner = ReturnType<typeof createQueryRunner>
