import type { Express } from 'express'

/** Every METHOD and path the app's routers declare (each router here is mounted without a prefix). */
export function listRoutes(app: Express): string[] {
  interface Layer {
    route?: { path: string | string[]; methods: Record<string, boolean> }
    handle?: { stack?: Layer[] }
  }
  const found = new Set<string>()
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const method of Object.keys(layer.route.methods)) for (const path of [layer.route.path].flat()) found.add(`${method.toUpperCase()} ${path}`)
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack)
      }
    }
  }
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack)
  return [...found]
}
