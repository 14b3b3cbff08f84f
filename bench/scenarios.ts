import type { Scenario } from './support/scenario.ts';

/**
 * Every scenario `npm run bench -- <name>` knows, loaded on demand. Adding one is a file under
 * `scenarios/` exporting `scenario` and one line here.
 */
export const SCENARIOS: Record<string, () => Promise<{ scenario: Scenario }>> = {
  projection: () => import('./scenarios/projection.ts'),
  recovery: () => import('./scenarios/recovery.ts'),
  startup: () => import('./scenarios/startup.ts'),
  cold: () => import('./scenarios/cold.ts'),
  hot: () => import('./scenarios/hot.ts'),
  'deep-pages': () => import('./scenarios/deep-pages.ts'),
  search: () => import('./scenarios/search.ts'),
  writes: () => import('./scenarios/writes.ts'),
  push: () => import('./scenarios/push.ts'),
  partners: () => import('./scenarios/partners.ts'),
  thumbnails: () => import('./scenarios/thumbnails.ts'),
};
