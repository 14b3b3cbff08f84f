import { fileURLToPath } from 'node:url';
import type { PgliteContribExtension } from '@rcr/platform';

/** The content service's migrations folder. */
export const CONTENT_MIGRATIONS = fileURLToPath(new URL('../../migrations/', import.meta.url));

/**
 * Search needs pg_trgm, unaccent and btree_gin (published_at inside the documents' GIN indexes): PGlite
 * must load them (the embedded host loads these for content); PostgreSQL ships them. The migrations
 * create them.
 */
export const CONTENT_DB_EXTENSIONS: readonly PgliteContribExtension[] = ['pg_trgm', 'unaccent', 'btree_gin'];
