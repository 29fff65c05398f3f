import { jwtVerify, SignJWT } from 'jose';

/** Portal sessions: short-lived HS256 JWTs whose subject is the portal user id. */
export interface PortalTokens {
  issue(userId: string): Promise<{ token: string; expiresAt: Date }>;
  verify(token: string): Promise<string | null>;
}

const issuer = 'sir-partner-api';
const audience = 'partner-portal';

export function createPortalTokens(secret: string, ttlSeconds: number, now: () => Date): PortalTokens {
  const key = new TextEncoder().encode(secret);
  return {
    async issue(userId) {
      const issuedAt = Math.floor(now().getTime() / 1000);
      const expiresAt = new Date((issuedAt + ttlSeconds) * 1000);
      const token = await new SignJWT({})
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(userId)
        .setIssuer(issuer)
        .setAudience(audience)
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + ttlSeconds)
        .sign(key);
      return { token, expiresAt };
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, key, {
          issuer,
          audience,
          algorithms: ['HS256'],
          currentDate: now(),
          // A token without both, even one signed with our secret, could live forever.
          requiredClaims: ['exp', 'iat', 'sub'],
          maxTokenAge: ttlSeconds,
        });
        // No session outlives the configured lifetime, whatever exp a token carries.
        if (payload.exp! - payload.iat! > ttlSeconds) return null;
        return payload.sub!;
      } catch {
        // Any verification failure (expired, tampered, wrong alg) means "not signed in".
        return null;
      }
    },
  };
}
