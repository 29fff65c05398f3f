import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

// Custom search attributes that make every workflow findable in the Web UI.
// The dev server and a real cluster must both have them registered (see dev-server.ts).

export const SirPartnerId = defineSearchAttributeKey('SirPartnerId', SearchAttributeType.KEYWORD);
export const SirEnvironment = defineSearchAttributeKey('SirEnvironment', SearchAttributeType.KEYWORD);
export const SirActionId = defineSearchAttributeKey('SirActionId', SearchAttributeType.KEYWORD);
export const SirActionType = defineSearchAttributeKey('SirActionType', SearchAttributeType.KEYWORD);
export const SirEventType = defineSearchAttributeKey('SirEventType', SearchAttributeType.KEYWORD);
export const SirWebhookId = defineSearchAttributeKey('SirWebhookId', SearchAttributeType.KEYWORD);
/** Every endpoint an event's delivery workflow attempts, so it is found by any of them. */
export const SirWebhookIds = defineSearchAttributeKey('SirWebhookIds', SearchAttributeType.KEYWORD_LIST);
export const SirStatus = defineSearchAttributeKey('SirStatus', SearchAttributeType.KEYWORD);

export const allSearchAttributeKeys = [
  SirPartnerId,
  SirEnvironment,
  SirActionId,
  SirActionType,
  SirEventType,
  SirWebhookId,
  SirWebhookIds,
  SirStatus,
] as const;
