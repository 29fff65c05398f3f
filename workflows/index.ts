export { processAction } from './process-action.js';
