import type { SubmitActionInput } from '../../../packages/sir-partner-client/src/index.js';

/** What the shop's checkout reports. */
export interface Purchase {
  orderId: string;
  userId: string;
  amount: number;
  currency: string;
}

export function parsePurchase(rawBody: Buffer): Purchase | undefined {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(rawBody.toString('utf8')) ?? {};
  } catch {
    return undefined;
  }
  const { orderId, userId, amount, currency } = body;
  const valid =
    typeof orderId === 'string' &&
    typeof userId === 'string' &&
    typeof amount === 'number' &&
    typeof currency === 'string';
  return valid ? { orderId, userId, amount, currency } : undefined;
}

/** Keyed by the order: a checkout that reports the same order twice rewards it once. */
export function purchaseAction(purchase: Purchase): SubmitActionInput {
  return {
    idempotencyKey: `order_${purchase.orderId}`,
    actionType: 'PURCHASE',
    amount: purchase.amount,
    currency: purchase.currency,
    stakeholders: [{ stakeholderTypeCode: 'CUSTOMER', partnerUserId: purchase.userId }],
    autoCreateUsers: true,
    metadata: { orderId: purchase.orderId },
  };
}
