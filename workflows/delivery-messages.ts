import { defineSignal } from '@temporalio/workflow';

// Defined once, imported by the deliverWebhook workflow and by the delivery engine that signals it.

/**
 * Sent to a parked delivery of an ordered endpoint when the delivery before it has ended: its turn
 * may have come. A hint only; the delivery asks the database before it sends.
 */
export const orderedTurnSignal = defineSignal('orderedTurn');
