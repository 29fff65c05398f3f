/** Separate queues so a slow partner endpoint can never starve reward processing. */
export const taskQueues = {
  ledger: 'ledger',
  webhooks: 'webhooks',
} as const;

export type TaskQueueName = keyof typeof taskQueues;

export function isTaskQueueName(value: string): value is TaskQueueName {
  return value in taskQueues;
}
