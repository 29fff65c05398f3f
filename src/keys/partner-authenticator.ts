import type { Kysely } from 'kysely';
import type { ApiKey, Database, Partner } from '../db/schema.js';
import { ApiError } from '../errors.js';
import { findKeyWithPartner, touchApiKey } from './api-key-repository.js';
import { hashSecretKey, parseKeyPrefix, type ParsedKey } from '../security/api-key-material.js';
import { computeRequestSignature, isTimestampFresh, signaturesMatch } from '../security/request-signature.js';
import type { SecretBox } from '../security/secret-box.js';
import type { PartnerScope } from '../partner-scope.js';

/** The spec's auth legend: widget (pk only), HMAC (any key, signed), HMAC with a secret key. */
export type PartnerAuthMode = 'widget' | 'hmac' | 'hmac-secret';

export interface PresentedRequest {
  partnerKey: string | undefined;
  timestamp: string | undefined;
  signature: string | undefined;
  method: string;
  pathWithQuery: string;
  rawBody: Buffer;
}

export interface PartnerAuth extends PartnerScope {
  partner: Partner;
  key: ApiKey;
  keyKind: ParsedKey['kind'];
}

export interface PartnerAuthenticatorDeps {
  db: Kysely<Database>;
  secretBox: SecretBox;
  now: () => Date;
}

/**
 * touchApiKey writes at most once a minute, so a key read as used within the minute needs no round
 * trip; a clock far off the database's leaves the decision to its guard.
 */
const usageStampIsStale = (key: ApiKey, at: Date) =>
  key.last_used_at === null || Math.abs(at.getTime() - key.last_used_at.getTime()) >= 60_000;

const invalidKey = () => new ApiError('INVALID_API_KEY', 'API key is missing, malformed, inactive, expired or unknown');

export function createPartnerAuthenticator({ db, secretBox, now }: PartnerAuthenticatorDeps) {
  async function lookUp(presented: string, parsed: ParsedKey) {
    const lookup = parsed.kind === 'secret' ? { secretKeyHash: hashSecretKey(presented) } : { publicKey: presented };
    const found = await findKeyWithPartner(db, lookup);
    if (!found) throw invalidKey();
    const { key } = found;
    const expired = key.expires_at !== null && key.expires_at.getTime() <= now().getTime();
    if (!key.is_active || key.deleted_at !== null || expired || key.environment !== parsed.environment) {
      throw invalidKey();
    }
    return found;
  }

  function verifySignature(key: ApiKey, request: PresentedRequest) {
    if (!request.timestamp || !isTimestampFresh(request.timestamp, now().getTime())) {
      throw new ApiError('TIMESTAMP_EXPIRED', 'X-Timestamp is missing or more than 5 minutes from server time');
    }
    // A publishable-only key has no HMAC secret, so nothing it signs can match.
    const expected = key.hmac_secret_encrypted
      ? computeRequestSignature(secretBox.open(key.hmac_secret_encrypted), {
          timestamp: request.timestamp,
          method: request.method,
          pathWithQuery: request.pathWithQuery,
          rawBody: request.rawBody,
        })
      : '';
    if (!expected || !request.signature || !signaturesMatch(expected, request.signature)) {
      throw new ApiError(
        'INVALID_SIGNATURE',
        'X-Signature does not match the request; sign the exact path, query and body bytes',
      );
    }
  }

  function checkPartner(partner: Partner) {
    if (partner.status === 'SUSPENDED')
      throw new ApiError('PARTNER_SUSPENDED', 'partner is suspended; contact SIR Giving support');
    if (partner.status !== 'ACTIVE') throw new ApiError('PARTNER_NOT_ACTIVE', `partner status is ${partner.status}`);
  }

  return async function authenticate(mode: PartnerAuthMode, request: PresentedRequest): Promise<PartnerAuth> {
    const presented = request.partnerKey?.trim() ?? '';
    const parsed = parseKeyPrefix(presented);
    if (!parsed) throw invalidKey();
    if (mode === 'widget' && parsed.kind !== 'publishable') {
      throw new ApiError(
        'PUBLISHABLE_KEY_REQUIRED',
        'browser endpoints take a publishable key (pk_…); never send a secret key to a browser',
      );
    }
    const { key, partner } = await lookUp(presented, parsed);
    if (mode !== 'widget') verifySignature(key, request);
    checkPartner(partner);
    if (mode === 'hmac-secret' && parsed.kind !== 'secret') {
      throw new ApiError(
        'SECRET_KEY_REQUIRED',
        'this endpoint requires a secret key (sk_…); publishable keys are rejected',
      );
    }
    if (usageStampIsStale(key, now())) await touchApiKey(db, key.id);
    return { partner, key, keyKind: parsed.kind, partnerId: partner.id, environment: key.environment };
  };
}

export type PartnerAuthenticator = ReturnType<typeof createPartnerAuthenticator>;
