import { v7 as uuidv7 } from 'uuid';

/** A new time-ordered id (UUIDv7), generated in TypeScript so the SQL runs on PostgreSQL 15 too. */
export function newId(): string {
  return uuidv7();
}
