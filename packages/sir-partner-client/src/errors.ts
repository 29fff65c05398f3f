/** Codes the API documents; others may be added, so any string is accepted too. */
export type SirErrorCode =
  | 'VALIDATION_ERROR'
  | 'INVALID_JSON'
  | 'JSON_TOO_DEEP'
  | 'JSON_DUPLICATE_MEMBER'
  | 'JSON_INVALID_UNICODE'
  | 'JSON_NUMBER_NOT_REPRESENTABLE'
  | 'INVALID_API_KEY'
  | 'TIMESTAMP_EXPIRED'
  | 'INVALID_SIGNATURE'
  | 'SECRET_KEY_REQUIRED'
  | 'PUBLISHABLE_KEY_REQUIRED'
  | 'PARTNER_NOT_ACTIVE'
  | 'PARTNER_SUSPENDED'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'USER_ALREADY_EXISTS'
  | 'USER_ALREADY_UPGRADED'
  | 'SIR_ACCOUNT_ALREADY_LINKED'
  | 'PAYLOAD_TOO_LARGE'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'NO_SANDBOX_POOL'
  | 'NO_ACTIVE_POOL'
  | 'INSUFFICIENT_POOL_BALANCE'
  | 'USER_NOT_FOUND'
  | 'CAMPAIGN_NOT_ACTIVE'
  | 'CAMPAIGN_BUDGET_EXHAUSTED'
  | 'CAMPAIGN_TRANSITION_NOT_ALLOWED'
  | 'INVALID_CAMPAIGN_CHANGE'
  | 'NOT_REVERSIBLE'
  | 'REVERSAL_LIMIT_EXCEEDED'
  | 'INSUFFICIENT_BALANCE'
  | 'OUTSTANDING_DEBT'
  | 'ORGANIZATION_NOT_ACTIVE'
  | 'LIVE_PAYMENTS_NOT_CONNECTED'
  | 'BULK_LIMIT_EXCEEDED'
  | 'GONE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'REQUEST_TIMEOUT'
  | 'HEADERS_TOO_LARGE'
  | 'RATE_LIMITED'
  | 'TOO_MANY_LOGIN_ATTEMPTS'
  | 'INTERNAL_ERROR'
  | 'SERVICE_UNAVAILABLE'
  | (string & {});

/**
 * An error answer: the envelope's code, message and details, the HTTP status and the Request-Id
 * that finds the request in SIR Giving's logs. A failed action or refused reversal carries its
 * result in `details`; an answer without the envelope (a proxy's) has the code `HTTP_<status>`.
 */
export class SirApiError extends Error {
  override readonly name = 'SirApiError';

  constructor(
    readonly status: number,
    readonly code: SirErrorCode,
    message: string,
    readonly details: unknown,
    readonly requestId: string | undefined,
  ) {
    super(message);
  }
}

/** No answer at all (refused connection, DNS, timeout): the request may or may not have been processed. */
export class SirConnectionError extends Error {
  override readonly name = 'SirConnectionError';

  constructor(message: string, options: { cause: unknown }) {
    super(message, options);
  }
}

interface ErrorEnvelope {
  error: { code: string; message: string; details?: unknown };
}

function isErrorEnvelope(value: unknown): value is ErrorEnvelope {
  const error = (value as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  return typeof error?.code === 'string' && typeof error.message === 'string';
}

/** Not every error answer is the API's own: a proxy in between may answer with HTML. */
export function apiErrorFrom(status: number, bodyText: string, requestId: string | null): SirApiError {
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    body = undefined;
  }
  if (isErrorEnvelope(body))
    return new SirApiError(status, body.error.code, body.error.message, body.error.details, requestId ?? undefined);
  return new SirApiError(
    status,
    `HTTP_${status}`,
    `HTTP ${status} without the API's error envelope`,
    bodyText.slice(0, 1000),
    requestId ?? undefined,
  );
}
