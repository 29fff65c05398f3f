/** Every error code a client can see, with the HTTP status it travels with. */
export const errorStatus = {
  VALIDATION_ERROR: 400,
  INVALID_JSON: 400,
  INVALID_API_KEY: 401,
  TIMESTAMP_EXPIRED: 401,
  INVALID_SIGNATURE: 401,
  UNAUTHORIZED: 401,
  INVALID_CREDENTIALS: 401,
  SECRET_KEY_REQUIRED: 403,
  PUBLISHABLE_KEY_REQUIRED: 403,
  PARTNER_NOT_ACTIVE: 403,
  PARTNER_SUSPENDED: 403,
  NO_PARTNER: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  USER_ALREADY_EXISTS: 409,
  USER_ALREADY_UPGRADED: 409,
  SIR_ACCOUNT_ALREADY_LINKED: 409,
  PAYLOAD_TOO_LARGE: 413,
  IDEMPOTENCY_KEY_REUSED: 422,
  NO_SANDBOX_POOL: 422,
  NO_ACTIVE_POOL: 422,
  INSUFFICIENT_POOL_BALANCE: 422,
  USER_NOT_FOUND: 422,
  CAMPAIGN_NOT_ACTIVE: 422,
  CAMPAIGN_BUDGET_EXHAUSTED: 422,
  CAMPAIGN_TRANSITION_NOT_ALLOWED: 409,
  INVALID_CAMPAIGN_CHANGE: 422,
  OPERATOR_TOKEN_REQUIRED: 403,
  POOL_REQUEST_NOT_PENDING: 409,
  INVALID_POOL_REQUEST_DECISION: 422,
  NOT_REVERSIBLE: 422,
  REVERSAL_LIMIT_EXCEEDED: 422,
  INSUFFICIENT_BALANCE: 422,
  OUTSTANDING_DEBT: 422,
  ORGANIZATION_NOT_ACTIVE: 422,
  LIVE_PAYMENTS_NOT_CONNECTED: 422,
  BULK_LIMIT_EXCEEDED: 400,
  GONE: 410,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

/** A refusal the client can act on; anything else becomes a generic 500. */
export class ApiError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = errorStatus[code];
  }
}

export function notFound(what: string): ApiError {
  return new ApiError('NOT_FOUND', `${what} not found`);
}
