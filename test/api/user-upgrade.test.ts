import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestPartner } from '../support/test-app.js';

describe('POST /v1/partner/users/:externalId/upgrade', () => {
  let t: TestApp;
  let partner: TestPartner;

  beforeAll(async () => {
    t = await createTestApp();
    partner = await t.createPartner();
  });
  afterAll(async () => t.close());

  async function createUser(externalUserId: string, who = partner.sandbox) {
    const response = await t.signed(who, 'POST', '/v1/partner/users', { externalUserId });
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  }
  const upgrade = (externalId: string, sirAccountId: string, who = partner.sandbox) =>
    t.signed(who, 'POST', `/v1/partner/users/${externalId}/upgrade`, { sirAccountId });
  const upgradeEvents = (sirAccountId: string) =>
    t.database.db
      .selectFrom('events')
      .selectAll()
      .where('type', '=', 'user.upgraded')
      .where(sql<boolean>`data->'user'->>'sirAccountId' = ${sirAccountId}`)
      .execute();

  it('links the user to a SIR account, shows it on reads and records user.upgraded in the outbox', async () => {
    const created = await createUser('upgrade_1');
    expect(created).toMatchObject({ sirAccountId: null, upgradedAt: null });

    const upgraded = await upgrade('upgrade_1', 'sir_acc_1');
    expect(upgraded.statusCode).toBe(200);
    const body = upgraded.json();
    expect(body).toEqual({
      ...created,
      sirAccountId: 'sir_acc_1',
      upgradedAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(Date.now() - Date.parse(body.upgradedAt)).toBeLessThan(60_000);

    expect((await t.signed(partner.sandbox, 'GET', '/v1/partner/users/upgrade_1')).json()).toEqual(body);
    const listed = (await t.signed(partner.sandbox, 'GET', '/v1/partner/users')).json().data;
    expect(listed.find((user: { id: string }) => user.id === body.id)).toEqual(body);

    const events = await upgradeEvents('sir_acc_1');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      partner_id: partner.partnerId,
      environment: 'sandbox',
      data: { user: body },
      request_id: upgraded.headers['request-id'],
    });
  });

  it('answers the same user again for the same account, without a second event', async () => {
    await createUser('upgrade_2');
    const first = await upgrade('upgrade_2', 'sir_acc_2');
    const again = await upgrade('upgrade_2', 'sir_acc_2');
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    expect(await upgradeEvents('sir_acc_2')).toHaveLength(1);
  });

  it('refuses another account for an upgraded user with 409 USER_ALREADY_UPGRADED', async () => {
    await createUser('upgrade_3');
    const first = await upgrade('upgrade_3', 'sir_acc_3');
    const other = await upgrade('upgrade_3', 'sir_acc_3b');
    expect(other.statusCode).toBe(409);
    expect(other.json()).toEqual({
      error: {
        code: 'USER_ALREADY_UPGRADED',
        message: 'user "upgrade_3" is already linked to another SIR account',
        details: { sirAccountId: 'sir_acc_3' },
      },
    });
    expect((await t.signed(partner.sandbox, 'GET', '/v1/partner/users/upgrade_3')).json()).toEqual(first.json());
    expect(await upgradeEvents('sir_acc_3b')).toEqual([]);
  });

  it('refuses an account already linked to another user of the environment with 409 SIR_ACCOUNT_ALREADY_LINKED', async () => {
    await createUser('upgrade_4a');
    await createUser('upgrade_4b');
    expect((await upgrade('upgrade_4a', 'sir_acc_4')).statusCode).toBe(200);
    const taken = await upgrade('upgrade_4b', 'sir_acc_4');
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toEqual({
      error: {
        code: 'SIR_ACCOUNT_ALREADY_LINKED',
        message: 'SIR account "sir_acc_4" is already linked to another user',
      },
    });
    expect((await t.signed(partner.sandbox, 'GET', '/v1/partner/users/upgrade_4b')).json()).toMatchObject({
      sirAccountId: null,
      upgradedAt: null,
    });

    // The link is per partner and environment: the production user and another partner's user may take it.
    await createUser('upgrade_4a', partner.production);
    expect((await upgrade('upgrade_4a', 'sir_acc_4', partner.production)).statusCode).toBe(200);
    const other = await t.createPartner();
    await createUser('upgrade_4c', other.sandbox);
    expect((await upgrade('upgrade_4c', 'sir_acc_4', other.sandbox)).statusCode).toBe(200);
    expect(await upgradeEvents('sir_acc_4')).toHaveLength(3);
  });

  it('links an account to exactly one of several users upgraded to it at the same moment', async () => {
    const externalIds = ['race_a', 'race_b', 'race_c', 'race_d'];
    for (const externalId of externalIds) await createUser(externalId);
    const answers = await Promise.all(externalIds.map((externalId) => upgrade(externalId, 'sir_acc_race')));
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([200, 409, 409, 409]);
    for (const answer of answers.filter((a) => a.statusCode === 409))
      expect(answer.json().error.code).toBe('SIR_ACCOUNT_ALREADY_LINKED');
    expect(await upgradeEvents('sir_acc_race')).toHaveLength(1);
  });

  it('records one event when the same upgrade arrives twice at once', async () => {
    await createUser('twice');
    const [a, b] = await Promise.all([upgrade('twice', 'sir_acc_twice'), upgrade('twice', 'sir_acc_twice')]);
    expect([a!.statusCode, b!.statusCode]).toEqual([200, 200]);
    expect(a!.json()).toEqual(b!.json());
    expect(await upgradeEvents('sir_acc_twice')).toHaveLength(1);
  });

  it('answers 404 for an unknown user and 400 for a bad account id', async () => {
    const missing = await upgrade('nobody', 'sir_acc_x');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('NOT_FOUND');
    await createUser('bad_input');
    for (const body of [
      {},
      { sirAccountId: '' },
      { sirAccountId: 'has space' },
      { sirAccountId: 'x'.repeat(256) },
      { sirAccountId: 'ok', extra: 1 },
    ]) {
      const response = await t.signed(partner.sandbox, 'POST', '/v1/partner/users/bad_input/upgrade', body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().error.code).toBe('VALIDATION_ERROR');
    }
    expect((await t.signed(partner.sandbox, 'GET', '/v1/partner/users/bad_input')).json().sirAccountId).toBeNull();
  });
});
