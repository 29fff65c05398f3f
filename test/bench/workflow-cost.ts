import type { Client } from '@temporalio/client';
import { historyCost, type HistoryCost } from './history-cost.js';

export interface WorkflowCost extends HistoryCost {
  /** How many recorded histories the figures are the mean of. */
  sampled: number;
  /** Whether every sampled history cost the same (histories of one code path are deterministic). */
  alike: boolean;
}

const mean = (costs: HistoryCost[], field: keyof HistoryCost) =>
  Math.round((costs.reduce((sum, cost) => sum + cost[field], 0) / costs.length) * 100) / 100;

/** The mean cost of the given workflows, read from their recorded histories. */
export async function workflowCost(temporal: Client, workflowIds: string[]): Promise<WorkflowCost> {
  if (workflowIds.length === 0) throw new Error('no workflows to read the cost of');
  const costs = await Promise.all(
    workflowIds.map(async (id) => historyCost(await temporal.workflow.getHandle(id).fetchHistory())),
  );
  const first = JSON.stringify(costs[0]);
  return {
    workflowTasks: mean(costs, 'workflowTasks'),
    events: mean(costs, 'events'),
    billableActions: mean(costs, 'billableActions'),
    sampled: costs.length,
    alike: costs.every((cost) => JSON.stringify(cost) === first),
  };
}

/** A reward's cost including the deliveries it caused: its own plus each delivery's, per reward. */
export function perRewardWithDeliveries(
  reward: WorkflowCost,
  delivery: WorkflowCost,
  deliveriesPerReward: number,
): HistoryCost {
  const sum = (field: keyof HistoryCost) =>
    Math.round((reward[field] + delivery[field] * deliveriesPerReward) * 100) / 100;
  return { workflowTasks: sum('workflowTasks'), events: sum('events'), billableActions: sum('billableActions') };
}
