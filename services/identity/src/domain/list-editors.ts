import { listEditors as storeList } from '../store/editor-repository.ts';
import { toEditor, type Caller, type Editor, type IdentityDeps } from './deps.ts';
import { paginate } from '@rcr/platform';
import { assertIsAdmin } from './editor-rules.ts';

/** One page of accounts, newest first, with the total (admins only). */
export async function listEditors(
  deps: IdentityDeps,
  caller: Caller,
  input: { page: number; limit: number },
): Promise<{ items: Editor[]; total: number }> {
  assertIsAdmin(caller.actor);
  const { offset, limit } = paginate(input);
  const { items, total } = await storeList(deps.db, { offset, limit });
  return { items: items.map(toEditor), total };
}
