import type { EntityManager } from 'typeorm'
import { toRow, type QueueFilters, type QueueRecord, type QueueRow, type QueueViewer } from './review-queue.ts'
import { queueRowsStatement } from './review-queue-sql.ts'

/** Rows read per FETCH: enough to keep the round trips few, few enough to keep memory flat. */
export const EXPORT_BATCH_SIZE = 500

export interface ReviewExportParams {
  viewer: QueueViewer
  filters: QueueFilters
  /** Called with each batch of rows, in the queue's order; the next batch is read once it settles. */
  onBatch: (rows: QueueRow[]) => Promise<void>
  now?: Date
  batchSize?: number
}

/**
 * Every application matching the filters, in the queue's order, for the CSV export: the queue's
 * own statement read through a cursor, a batch at a time, so the export of 100,000 applications
 * holds no more of them in memory than one of 500. The cursor lives in a read-only transaction
 * (one snapshot for the whole file), on one connection, until the last batch has been handed on.
 */
export async function reviewExport(db: EntityManager, { viewer, filters, onBatch, now = new Date(), batchSize = EXPORT_BATCH_SIZE }: ReviewExportParams): Promise<void> {
  const { sql, values } = queueRowsStatement(viewer, filters)
  await db.transaction(async (tx) => {
    await tx.query('SET TRANSACTION READ ONLY')
    await tx.query(`DECLARE "review_export" NO SCROLL CURSOR FOR ${sql}`, values)
    for (;;) {
      const records: QueueRecord[] = await tx.query(`FETCH ${Number(batchSize)} FROM "review_export"`)
      if (records.length > 0) await onBatch(records.map((record) => toRow(record, viewer, now)))
      if (records.length < batchSize) break
    }
    await tx.query('CLOSE "review_export"')
  })
}
