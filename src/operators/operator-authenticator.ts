import type { Kysely } from 'kysely';
import type { Database, Operator } from '../db/schema.js';
import { ApiError } from '../errors.js';
import { findOperatorByTokenHash, touchOperator } from './operator-repository.js';
import { hashOperatorToken, isOperatorToken } from './operator-token.js';

export interface PresentedOperatorCredentials {
  authorization: string | undefined;
  partnerKey: string | undefined;
}

/** Admin routes take an operator token only: a partner key, however valid, never opens them. */
export function createOperatorAuthenticator(db: Kysely<Database>) {
  return async function authenticateOperator({
    authorization,
    partnerKey,
  }: PresentedOperatorCredentials): Promise<Operator> {
    const token = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1] ?? '';
    if (!isOperatorToken(token)) {
      if (partnerKey)
        throw new ApiError(
          'OPERATOR_TOKEN_REQUIRED',
          'admin routes take an operator token (Authorization: Bearer op_…); partner keys are refused',
        );
      throw new ApiError('UNAUTHORIZED', 'send an operator token: Authorization: Bearer op_…');
    }
    const operator = await findOperatorByTokenHash(db, hashOperatorToken(token));
    if (!operator) throw new ApiError('UNAUTHORIZED', 'operator token is not valid');
    await touchOperator(db, operator.id);
    return operator;
  };
}

export type OperatorAuthenticator = ReturnType<typeof createOperatorAuthenticator>;
