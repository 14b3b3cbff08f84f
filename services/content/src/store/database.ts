import { fileURLToPath } from 'node:url';
import type { PgliteContribExtension } from '@rcr/platform';

/** The content service's migrations folder. */
export const CONTENT_MIGRATIONS = fileURLToPath(new URL('../../migrations/', import.meta.url));

/**
 * Search needs pg_trgm and unaccent: PGlite must load them (the embedded host loads these for content);
 * PostgreSQL ships them. The migration creates both. (Not btree_gin: loaded next to pg_trgm in PGlite,
 * trigram matches find nothing, so migration 005 does without it.)
 */
export const CONTENT_DB_EXTENSIONS: readonly PgliteContribExtension[] = ['pg_trgm', 'unaccent'];
