import { describe, expect, it } from 'vitest';
import { actionMemo, deliveryMemo } from '../../src/temporal/client/workflow-memos.js';
import { redactedUrl } from '../../src/webhooks/redacted-url.js';

describe('what workflows show operators in the Web UI', () => {
  it('keeps an endpoint URL readable and drops its query, fragment and credentials', () => {
    expect(redactedUrl('https://hooks.example.com/sir/events')).toBe('https://hooks.example.com/sir/events');
    expect(redactedUrl('https://hooks.example.com:8443/sir?token=s3cret')).toBe(
      'https://hooks.example.com:8443/sir (query hidden)',
    );
    expect(redactedUrl('https://user:pass@hooks.example.com/sir#x')).toBe(
      'https://hooks.example.com/sir (query hidden)',
    );
    expect(redactedUrl('not a url')).toBe('(unparsable URL)');
  });

  it('describes an action by amount, type and the users it rewards, without their emails', () => {
    const request = {
      idempotencyKey: 'k',
      actionType: 'DONATION',
      amount: 25,
      currency: 'USD',
      autoCreateUsers: true,
      stakeholders: [
        { stakeholderTypeCode: 'DONOR', partnerUserId: 'u-1', userEmail: 'jane@example.com' },
        { stakeholderTypeCode: 'ORGANIZER', partnerUserId: 'u-2' },
      ],
    };
    const memo = actionMemo({ action_type: 'DONATION', amount: '25.00', currency: 'USD', campaign_id: null, request });
    expect(memo).toEqual({
      actionType: 'DONATION',
      amount: '25.00',
      currency: 'USD',
      users: ['DONOR:u-1', 'ORGANIZER:u-2'],
    });
    expect(JSON.stringify(memo)).not.toContain('jane@');
    expect(
      actionMemo({
        action_type: 'SIGNUP',
        amount: null,
        currency: null,
        campaign_id: 'cmp_1',
        request: { stakeholders: [] },
      }),
    ).toEqual({
      actionType: 'SIGNUP',
      amount: null,
      currency: null,
      users: [],
      campaignId: 'cmp_1',
    });
  });

  it('describes a delivery by its event and redacted endpoint', () => {
    expect(
      deliveryMemo({ url: 'https://hooks.example.com/in?key=abc', eventId: 'evt_1', eventType: 'action.completed' }),
    ).toEqual({
      endpoint: 'https://hooks.example.com/in (query hidden)',
      eventId: 'evt_1',
      eventType: 'action.completed',
    });
  });
});
