import { newId, type Queryable } from '@rcr/platform';
import { ACCESS_TOKEN_TTL_SECONDS, REFRESH_TOKEN_TTL_SECONDS, type Role } from '@rcr/contracts';
import { insertRefreshToken } from '../store/session-repository.ts';
import { hashRefreshToken, newRefreshToken, signAccessToken, type Signer } from './tokens.ts';

/** What a successful login or refresh returns. */
export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  /** Lifetime of the access token, in seconds. */
  expiresIn: number;
}

/** Issues an access token and a refresh token in `familyId`, storing only the refresh token's hash. */
export async function issueTokenPair(
  tx: Queryable,
  signer: Signer,
  editor: { id: string; role: Role; name: string },
  familyId: string,
): Promise<TokenPair> {
  const refreshToken = newRefreshToken();
  await insertRefreshToken(tx, {
    id: newId(),
    editorId: editor.id,
    familyId,
    tokenHash: hashRefreshToken(refreshToken),
    ttlSeconds: REFRESH_TOKEN_TTL_SECONDS,
  });
  const accessToken = await signAccessToken(signer, {
    sub: editor.id,
    role: editor.role,
    name: editor.name,
    sid: familyId,
  });
  return { accessToken, refreshToken, expiresIn: ACCESS_TOKEN_TTL_SECONDS };
}
