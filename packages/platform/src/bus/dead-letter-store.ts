import type { Queryable } from '../db/port.ts';
import type { DeadLetterSink } from './dispatcher.ts';
import type { DeadLetter, DeadLetterQuery, NewDeadLetter } from './port.ts';

/** Most letters one list call returns. */
export const MAX_DEAD_LETTER_PAGE = 500;

interface Row {
  id: number;
  group: string;
  eventId: string | null;
  eventType: string | null;
  subject: string | null;
  event: unknown;
  error: string;
  attempts: number;
  failedAt: string;
}

const COLUMNS = `id, consumer_group AS "group", event_id AS "eventId", event_type AS "eventType", subject,
  event, error, attempts, failed_at AS "failedAt"`;

const toLetter = (row: Row): DeadLetter => ({ ...row, id: String(row.id) });
const idOf = (id: string) => (/^\d{1,18}$/.test(id) ? id : undefined);

/** Dead letters in a table (the in-process bus's store: durable across restarts of embedded mode). */
export class SqlDeadLetterStore implements DeadLetterSink {
  constructor(private readonly db: Queryable) {}

  async add(letter: NewDeadLetter): Promise<void> {
    await this.db.query(
      `INSERT INTO dead_letters (consumer_group, event_id, event_type, subject, event, error, attempts, failed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        letter.group,
        letter.eventId,
        letter.eventType,
        letter.subject,
        JSON.stringify(letter.event),
        letter.error,
        letter.attempts,
        letter.failedAt,
      ],
    );
  }

  async list(query: DeadLetterQuery = {}): Promise<DeadLetter[]> {
    const limit = Math.min(MAX_DEAD_LETTER_PAGE, Math.max(1, query.limit ?? 100));
    const rows = await this.db.query<Row>(
      `SELECT ${COLUMNS} FROM dead_letters
       WHERE ($1::text IS NULL OR consumer_group = $1) AND id > $2
       ORDER BY id LIMIT $3`,
      [query.group ?? null, Number(query.after !== undefined ? (idOf(query.after) ?? 0) : 0), limit],
    );
    return rows.map(toLetter);
  }

  async get(id: string): Promise<DeadLetter | undefined> {
    if (!idOf(id)) return undefined;
    const rows = await this.db.query<Row>(`SELECT ${COLUMNS} FROM dead_letters WHERE id = $1`, [Number(id)]);
    return rows[0] && toLetter(rows[0]);
  }

  async remove(id: string): Promise<boolean> {
    if (!idOf(id)) return false;
    const rows = await this.db.query('DELETE FROM dead_letters WHERE id = $1 RETURNING id', [Number(id)]);
    return rows.length > 0;
  }
}
