import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { newId } from '../ids.js';
import { insertOperator } from './operator-repository.js';
import { generateOperatorToken, hashOperatorToken, operatorTokenHint } from './operator-token.js';

export interface CreatedOperator {
  id: string;
  name: string;
  tokenHint: string;
  /** Shown once to whoever created it; only its hash is stored. */
  token: string;
}

export async function createOperator(db: Kysely<Database>, name: string): Promise<CreatedOperator> {
  const token = generateOperatorToken();
  const operator = await insertOperator(db, {
    id: newId('opr'),
    name,
    tokenHash: hashOperatorToken(token),
    tokenHint: operatorTokenHint(token),
  });
  return { id: operator.id, name: operator.name, tokenHint: operator.token_hint, token };
}
