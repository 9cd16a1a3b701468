import type { DataSource } from 'typeorm'

export class HealthService {
  constructor(private readonly dataSource: DataSource) {}

  /** True when a trivial query answers within the time limit. */
  async isDatabaseReachable(timeoutMs = 1_500): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs)
    })
    const query = this.dataSource
      .query('SELECT 1')
      .then(() => true)
      .catch(() => false)
    try {
      return await Promise.race([query, timeout])
    } finally {
      clearTimeout(timer)
    }
  }
}
