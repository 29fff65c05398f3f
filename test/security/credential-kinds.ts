import type { RouteAuth } from '../../src/api/plugins/authentication.js';
import type { ErrorCode } from '../../src/errors.js';
import { signedHeaders, type Credentials } from '../support/sign.js';

/** What a request of the security matrix presents: keys and tokens, of the caller or of someone else. */
export interface MatrixCredentials {
  own: Credentials & { publicKey: string };
  otherPartnerHmacSecret: string;
  expired: Credentials & { publicKey: string };
  deactivated: Credentials & { publicKey: string };
  deleted: Credentials & { publicKey: string };
  unknownSecretKey: string;
  unknownPublicKey: string;
  unknownOperatorToken: string;
  forgedJwt: string;
  portalJwt: string;
  expiredPortalJwt: string;
  operatorToken: string;
}

export type Presented = (auth: RouteAuth, method: string, path: string, rawBody: string) => Record<string, string>;

/** Either an auth refusal's code, or 'authenticated' when the credential opens the route. */
export type Outcome = ErrorCode | 'authenticated';

export interface CredentialKind {
  name: string;
  headers: (c: MatrixCredentials) => Presented;
  expected: Partial<Record<RouteAuth, Outcome>>;
}

const keyOnly = (key: string) => ({ 'x-partner-key': key });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const now = () => Math.floor(Date.now() / 1000);
const keyed =
  (pick: (c: MatrixCredentials) => Credentials & { publicKey: string }): CredentialKind['headers'] =>
  (c) =>
  (auth, method, path, body) =>
    auth === 'widget' ? keyOnly(pick(c).publicKey) : signedHeaders(pick(c), method, path, body);

const partnerKeyRefusal = {
  widget: 'INVALID_API_KEY',
  hmac: 'INVALID_API_KEY',
  'hmac-secret': 'INVALID_API_KEY',
} as const;

/** The expected answer for every (route auth mode, credential kind); a mode left out is not applicable. */
export const credentialKinds: CredentialKind[] = [
  {
    name: 'no credentials',
    headers: () => () => ({}),
    expected: { ...partnerKeyRefusal, jwt: 'UNAUTHORIZED', operator: 'UNAUTHORIZED' },
  },
  {
    name: 'unknown key or token',
    headers: (c) => (auth, method, path, body) =>
      auth === 'widget'
        ? keyOnly(c.unknownPublicKey)
        : auth === 'jwt'
          ? bearer(c.forgedJwt)
          : auth === 'operator'
            ? bearer(c.unknownOperatorToken)
            : signedHeaders({ partnerKey: c.unknownSecretKey, hmacSecret: c.own.hmacSecret }, method, path, body),
    expected: { ...partnerKeyRefusal, jwt: 'UNAUTHORIZED', operator: 'UNAUTHORIZED' },
  },
  {
    name: "signature made with another partner's secret",
    headers: (c) => (_auth, method, path, body) =>
      signedHeaders({ partnerKey: c.own.partnerKey, hmacSecret: c.otherPartnerHmacSecret }, method, path, body),
    expected: { hmac: 'INVALID_SIGNATURE', 'hmac-secret': 'INVALID_SIGNATURE' },
  },
  { name: 'expired key', headers: keyed((c) => c.expired), expected: partnerKeyRefusal },
  { name: 'deactivated key', headers: keyed((c) => c.deactivated), expected: partnerKeyRefusal },
  { name: 'deleted key', headers: keyed((c) => c.deleted), expected: partnerKeyRefusal },
  {
    name: 'timestamp 330 s old',
    headers: (c) => (_auth, method, path, body) => signedHeaders(c.own, method, path, body, String(now() - 330)),
    expected: { hmac: 'TIMESTAMP_EXPIRED', 'hmac-secret': 'TIMESTAMP_EXPIRED' },
  },
  {
    name: 'timestamp 330 s ahead',
    headers: (c) => (_auth, method, path, body) => signedHeaders(c.own, method, path, body, String(now() + 330)),
    expected: { hmac: 'TIMESTAMP_EXPIRED', 'hmac-secret': 'TIMESTAMP_EXPIRED' },
  },
  {
    name: 'publishable key, signed',
    headers: (c) => (_auth, method, path, body) =>
      signedHeaders({ partnerKey: c.own.publicKey, hmacSecret: c.own.hmacSecret }, method, path, body),
    expected: {
      widget: 'authenticated',
      hmac: 'authenticated',
      'hmac-secret': 'SECRET_KEY_REQUIRED',
      jwt: 'UNAUTHORIZED',
      operator: 'OPERATOR_TOKEN_REQUIRED',
    },
  },
  {
    name: 'secret key, signed',
    headers: (c) => (_auth, method, path, body) => signedHeaders(c.own, method, path, body),
    expected: {
      widget: 'PUBLISHABLE_KEY_REQUIRED',
      hmac: 'authenticated',
      'hmac-secret': 'authenticated',
      jwt: 'UNAUTHORIZED',
      operator: 'OPERATOR_TOKEN_REQUIRED',
    },
  },
  {
    name: 'operator token',
    headers: (c) => () => bearer(c.operatorToken),
    expected: { ...partnerKeyRefusal, jwt: 'UNAUTHORIZED', operator: 'authenticated' },
  },
  {
    name: 'portal JWT',
    headers: (c) => () => bearer(c.portalJwt),
    expected: { ...partnerKeyRefusal, jwt: 'authenticated', operator: 'UNAUTHORIZED' },
  },
  { name: 'expired portal JWT', headers: (c) => () => bearer(c.expiredPortalJwt), expected: { jwt: 'UNAUTHORIZED' } },
];
