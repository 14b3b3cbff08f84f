import { markFailed, SpanKind, startSpan, tracingEnabled, withContext } from '../tracing.ts';

/** The statement's first keyword (`SELECT`, `INSERT`, `WITH`, `BEGIN`, …), upper-cased. */
function operationOf(sql: string): string {
  const match = /^\s*([A-Za-z]+)/.exec(sql);
  return match ? (match[1] as string).toUpperCase() : 'SQL';
}

/**
 * The table a plain statement acts on (`INSERT INTO t`, `UPDATE t`, `DELETE FROM t`, `SELECT … FROM t`);
 * a `FROM` followed by a call (`EXTRACT(EPOCH FROM now())`, a set-returning function) names none.
 */
function tableOf(operation: string, sql: string): string | undefined {
  const pattern =
    operation === 'INSERT'
      ? /^\s*INSERT\s+INTO\s+([\w.]+)/i
      : operation === 'UPDATE'
        ? /^\s*UPDATE\s+([\w.]+)/i
        : operation === 'DELETE' || operation === 'SELECT'
          ? /\bFROM\s+([\w.]+)\b(?!\s*\()/i
          : undefined;
  return pattern?.exec(sql)?.[1];
}

/**
 * Runs one SQL statement in a CLIENT span (ADR 0031, amendment), child of the active span: named `<operation>
 * <table>` (e.g. `SELECT reviews`), with the OpenTelemetry database attributes — the statement's text
 * with its `$n` placeholders (never its parameters: they hold user data and secrets), the operation, the
 * schema and the rows returned. Both adapters run every statement through here. Only inside a trace
 * (a statement alone never starts one); when tracing is off this is one flag check and `run()`.
 */
export function querySpan<R extends { length: number } | void>(
  schema: string,
  sql: string,
  run: () => Promise<R>,
): Promise<R> {
  if (!tracingEnabled()) return run();
  const operation = operationOf(sql);
  const table = tableOf(operation, sql);
  const started = startSpan(table ? `${operation} ${table}` : operation, {
    kind: SpanKind.CLIENT,
    onlyInTrace: true,
    attributes: {
      'db.system.name': 'postgresql',
      'db.namespace': schema,
      'db.operation.name': operation,
      'db.query.text': sql,
      ...(table ? { 'db.collection.name': table } : {}),
    },
  });
  if (!started) return run();
  const { span } = started;
  return withContext(started.context, run).then(
    (result) => {
      if (result) span.setAttribute('db.response.returned_rows', result.length);
      span.end();
      return result;
    },
    (err: unknown) => {
      const code = (err as { code?: unknown }).code;
      span.setAttribute('error.type', typeof code === 'string' ? code : 'Error');
      markFailed(span, err);
      span.end();
      throw err;
    },
  );
}
