// Evaluated before the rest of the console (main.tsx imports it first): asks for the first page's chunk and its first
// API answers at once. Left to React, they come one after the other — the chunk when the shell first renders, the data
// when the page first renders — and each waits for the console's code before it. The requests are the pages' own
// (same paths), so a page takes the answer instead of asking again (api.ts); a path that drifts from its page's only
// loses the head start.
import { loadSession, prefetch } from './api';
import { homeOf } from './auth';
import { CONSOLE_BASE, loadPage, pageAt, type PageName } from './routes';
import type { Role } from './types';

/** The GETs a page sends as soon as it renders, before any answer has come back. */
export function firstRequests(page: PageName, params: Record<string, string | undefined>, search: URLSearchParams, role: Role): string[] {
  const plan = search.get('plan');
  switch (page) {
    case 'dashboard':
      return plan ? ['/plans', `/dashboard/plans/${plan}`, `/plans/${plan}/items`] : ['/plans'];
    case 'queue': {
      const query = new URLSearchParams({ status: 'pending' });
      if (plan) query.set('planId', plan);
      const pageSize = Math.min(200, Math.max(1, Number(search.get('limit')) || 50));
      return [`/queue?${query.toString()}&limit=${pageSize}`, `/requests/pending${plan ? `?planId=${plan}` : ''}`, '/plans'];
    }
    case 'item': {
      const id = params.itemId ?? '';
      const audit = ['supervisor', 'leader'].includes(role) ? [`/items/${id}/audit`] : [];
      return [`/items/${id}`, `/items/${id}/periods`, ...audit, `/items/${id}/notifications`, `/items/${id}/extensions`, `/items/${id}/closures`];
    }
    case 'my':
      return ['/me/periods', '/inbox?limit=200', ...(params.itemId ? [`/items/${params.itemId}`] : [])];
    case 'leader':
      return ['/plans', '/inbox?limit=200', '/requests/pending'];
    case 'import':
      return params.planId ? [`/plans/${params.planId}`, `/plans/${params.planId}/items`, `/plans/${params.planId}/source`] : ['/plans'];
    case 'inbox':
      return ['/inbox?limit=200'];
    case 'register':
      return [`/plans/${params.planId ?? ''}/register`];
    case 'history':
      return ['/me/history'];
    case 'bulletin':
      return [`/dashboard/plans/${params.planId ?? ''}`, ...(params.periodKey ? [`/bulletins/plans/${params.planId ?? ''}/periods/${params.periodKey}`] : [])];
    default:
      return [];
  }
}

function preloadFirstPage(): Promise<unknown> {
  const person = loadSession()?.person;
  // Where the shell will send this person: the sign-in page without a session, their home page from / and sign-in.
  const inside = location.pathname.startsWith(CONSOLE_BASE) ? location.pathname.slice(CONSOLE_BASE.length) : location.pathname;
  const at = pageAt(person ? (inside === '' || inside === '/' || inside === '/sign-in' ? homeOf(person.role) : inside) : '/sign-in');
  if (!at) return Promise.resolve();
  if (person && at.page !== 'signIn')
    prefetch(['/inbox/unread-count', ...firstRequests(at.page, at.params, new URLSearchParams(location.search), person.role)]);
  return loadPage(at.page);
}

/**
 * Settles when the first page's code is in (or could not be loaded), or after at most 300 ms: rendering no sooner
 * shows the page at once instead of a spinner, which React would keep for 300 ms.
 */
export const firstPageLoaded: Promise<unknown> = Promise.race([preloadFirstPage().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 300))]);
