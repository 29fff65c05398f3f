/**
 * Ids and times shared by the OpenAPI examples, so the examples of one story agree with each other:
 * user_42's purchase_98765 earns 50 tokens from the sandbox pool, is refunded, and so on.
 */
export const exampleIds = {
  partner: 'ptn_3k9x7q1w5e4r6t0y2u8i',
  partnerUser: 'pusr_7h2m4n6b8v0c1x3z5l9k',
  portalUser: 'usr_5t7y9u1i3o5p7a9s1d3f',
  key: 'key_2w4e6r8t0y2u4i6o8p0a',
  pool: 'pool_4f8h2j6k0l3m7n1b5v9c',
  campaign: 'cmp_1q3w5e7r9t2y4u6i8o0p',
  action: 'act_9z8x7c6v5b4n3m2l1k0j',
  rewardTransaction: 'txn_6g5f4d3s2a1q0w9e8r7t',
  reversal: 'rev_3c5v7b9n1m3k5j7h9g1f',
  reversalTransaction: 'txn_8u6y4t2r0e8w6q4a2s0d',
  redemption: 'rdm_0o9i8u7y6t5r4e3w2q1a',
  redemptionTransaction: 'txn_2z4x6c8v0b2n4m6l8k0j',
  poolRequest: 'tpr_5a7s9d1f3g5h7j9k1l3z',
  bulkJob: 'bulk_1m3n5b7v9c1x3z5a7s9d',
  webhook: 'whk_8k6j4h2g0f8d6s4a2q0w',
  delivery: 'dlv_4r6t8y0u2i4o6p8a0s2d',
  event: 'evt_7y5t3r1e9w7q5a3s1d9f',
  donation: 'don_6n8m0l2k4j6h8g0f2d4s',
} as const;

export const exampleUserId = 'user_42';

export const exampleTimes = {
  created: '2026-05-10T09:12:00.000Z',
  completed: '2026-05-10T09:12:01.000Z',
  reversed: '2026-05-12T14:30:00.000Z',
  later: '2026-05-12T14:30:02.000Z',
  expires: '2027-05-10T00:00:00.000Z',
} as const;

export const examplePagination = {
  limit: 20,
  hasMore: true,
  nextCursor: 'eyJpZCI6ImFjdF85ejh4N2M2djViNG4zbTJsMWswaiJ9',
};
