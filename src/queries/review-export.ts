import type { EntityManager } from 'typeorm'
import { queueRows, type QueueFilters, type QueueRow, type QueueViewer } from './review-queue.ts'

/** Every application matching the filters, in the queue's order: for the CSV export. */
export async function reviewExport(db: EntityManager, { viewer, filters, now = new Date() }: { viewer: QueueViewer; filters: QueueFilters; now?: Date }): Promise<QueueRow[]> {
  return queueRows(db, viewer, filters, null, now)
}
