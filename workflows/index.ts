export { processAction } from './process-action.js';
export { reverseAction } from './reverse-action.js';
export { bulkActions } from './bulk-actions.js';
