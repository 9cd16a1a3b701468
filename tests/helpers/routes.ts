import type { Express } from 'express'

/** The parts of an Express 5 router layer read here (the `router` package's Layer). */
interface Layer {
  /** The path given to `use()` or `route()`: a router mounted at '/admin/roles' has '/admin/roles'. */
  rawPath?: unknown
  route?: { path: string | string[]; methods: Record<string, boolean> }
  handle?: { stack?: Layer[] }
}

/** `prefix` and `path` joined as Express matches them: '/review' + '/' is '/review'. */
function joinPath(prefix: string, path: string): string {
  if (path === '/') return prefix || '/'
  return `${prefix}${path}`
}

/** A mount path as a string; a router mounted at '/' (or with no path) adds nothing. */
function mountPath(layer: Layer): string {
  const path = layer.rawPath ?? '/'
  if (typeof path !== 'string') throw new Error(`A router is mounted at a path that is not a plain string: ${String(path)}`)
  return path === '/' ? '' : path.replace(/\/+$/, '')
}

/**
 * Every METHOD and full path the app's routers declare, in walking order, as "GET /admin/roles/:id":
 * the prefixes of routers mounted inside other routers are joined to each route's own path.
 */
export function listRoutes(app: Express): string[] {
  const found = new Set<string>()
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const method of Object.keys(layer.route.methods)) {
          for (const path of [layer.route.path].flat()) found.add(`${method.toUpperCase()} ${joinPath(prefix, path)}`)
        }
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack, prefix + mountPath(layer))
      }
    }
  }
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '')
  return [...found]
}
