import { fileURLToPath } from 'node:url';
import { openServiceDatabase, type Database, type DatabaseConfig } from '@rcr/platform';

const MIGRATIONS = fileURLToPath(new URL('../../migrations/', import.meta.url));

/**
 * Opens the content read model's database and migrates it. Search needs pg_trgm and unaccent: PGlite
 * loads them here; PostgreSQL ships them (the migration creates both).
 */
export function openContentDatabase(config: DatabaseConfig): Promise<Database> {
  return openServiceDatabase(config, 'content', MIGRATIONS, { extensions: ['pg_trgm', 'unaccent'] });
}
