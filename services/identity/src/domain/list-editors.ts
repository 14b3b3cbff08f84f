import { EDITOR_SORT_FIELDS } from '@rcr/contracts';
import { paginate, parseSort } from '@rcr/platform';
import { listEditors as storeList } from '../store/editor-repository.ts';
import { toEditor, type Caller, type Editor, type IdentityDeps } from './deps.ts';
import { assertEditorListFilterIsValid, assertIsAdmin, type EditorSortField } from './editor-rules.ts';

const NEWEST_FIRST = [{ field: 'createdAt', descending: true }];

/**
 * One page of accounts (admins only), optionally only one role or only (in)active ones, sorted by API
 * field names (default newest first) and paged by page/limit or by the previous page's cursor.
 */
export async function listEditors(
  deps: IdentityDeps,
  caller: Caller,
  input: {
    page: number;
    limit: number;
    sort: readonly string[];
    cursor?: string | undefined;
    role?: string | undefined;
    active?: boolean | undefined;
  },
): Promise<{ items: Editor[]; total: number; nextCursor: string }> {
  assertIsAdmin(caller.actor);
  const filter = assertEditorListFilterIsValid({ role: input.role, active: input.active });
  // parseSort returns only allowed fields (an unknown one is VALIDATION_FAILED on `sort`).
  const sort = parseSort(input.sort, EDITOR_SORT_FIELDS, NEWEST_FIRST).map((key) => ({
    field: key.field as EditorSortField,
    descending: key.descending,
  }));
  const { offset, limit } = paginate(input);
  const { items, total, nextCursor } = await storeList(deps.db, filter, {
    sort,
    cursor: input.cursor || undefined,
    limit,
    offset,
  });
  return { items: items.map(toEditor), total, nextCursor };
}
