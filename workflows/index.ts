export { processAction } from './process-action.js';
export { reverseAction } from './reverse-action.js';
export { bulkActions } from './bulk-actions.js';
export { campaignLifecycle } from './campaign-lifecycle.js';
export { deliverWebhook } from './deliver-webhook.js';
export { sweepEvents } from './sweep-events.js';
