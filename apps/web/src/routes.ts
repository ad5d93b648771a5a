// The console's pages, each its own chunk, and the URLs that show them: App renders these routes, and preload.ts
// reads them to fetch the first page's chunk and data before React has rendered anything.
import { matchPath } from 'react-router-dom';

export const CONSOLE_BASE = '/console';

export const PAGES = {
  signIn: () => import('./pages/SignInPage'),
  dashboard: () => import('./pages/DashboardPage'),
  queue: () => import('./pages/QueuePage'),
  item: () => import('./pages/ItemPage'),
  my: () => import('./pages/MyItemsPage'),
  leader: () => import('./pages/LeaderPage'),
  import: () => import('./pages/ImportPage'),
  inbox: () => import('./pages/InboxPage'),
  bulletin: () => import('./pages/BulletinPage'),
  history: () => import('./pages/HistoryPage'),
  register: () => import('./pages/RegisterPage'),
};
export type PageName = keyof typeof PAGES;
type PageModule = { default: React.ComponentType };

const loadedPages = new Map<PageName, PageModule>();

/** Loads a page's chunk (once: later calls share it) and remembers the module, so that it can render at once. */
export function loadPage(name: PageName): Promise<PageModule> {
  return PAGES[name]().then((module: PageModule) => (loadedPages.set(name, module), module));
}

/**
 * A page's component for React.lazy. A page whose chunk is already in renders without suspending: React.lazy takes a
 * module handed over synchronously, where a settled promise still costs a Suspense fallback — and React holds a
 * fallback on screen for at least 300 ms once shown.
 */
export function lazyPage(name: PageName): () => Promise<PageModule> {
  return () => {
    const loaded = loadedPages.get(name);
    return loaded ? ({ then: (resolve: (module: PageModule) => void) => resolve(loaded) } as unknown as Promise<PageModule>) : loadPage(name);
  };
}

/** The signed-in pages, under the shell (paths relative to it). */
export const SHELL_ROUTES: Array<{ path: string; page: Exclude<PageName, 'signIn'> }> = [
  { path: 'dashboard', page: 'dashboard' },
  { path: 'queue', page: 'queue' },
  { path: 'items/:itemId', page: 'item' },
  { path: 'my', page: 'my' },
  { path: 'my/:itemId/:periodKey', page: 'my' },
  { path: 'leader', page: 'leader' },
  { path: 'import', page: 'import' },
  { path: 'import/:planId', page: 'import' },
  { path: 'inbox', page: 'inbox' },
  { path: 'bulletins/:planId', page: 'bulletin' },
  { path: 'bulletins/:planId/:periodKey', page: 'bulletin' },
  { path: 'history', page: 'history' },
  { path: 'plans/:planId/register', page: 'register' },
];

/** The page a path inside the console shows, with the route's parameters. */
export function pageAt(path: string): { page: PageName; params: Record<string, string | undefined> } | null {
  if (matchPath('/sign-in', path)) return { page: 'signIn', params: {} };
  for (const route of SHELL_ROUTES) {
    const match = matchPath(`/${route.path}`, path);
    if (match) return { page: route.page, params: match.params };
  }
  return null;
}
