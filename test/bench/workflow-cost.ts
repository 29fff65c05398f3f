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
export function workflowCost(temporal: Client, workflowIds: string[]): Promise<WorkflowCost> {
  return workflowGroupCost(
    temporal,
    workflowIds.map((id) => [id]),
  );
}

/** The mean cost of one piece of work that several workflows share (a delivery: its event's workflow, then its own). */
export async function workflowGroupCost(temporal: Client, groups: string[][]): Promise<WorkflowCost> {
  if (groups.length === 0) throw new Error('no workflows to read the cost of');
  const historyCostOf = async (id: string) => historyCost(await temporal.workflow.getHandle(id).fetchHistory());
  const costs = await Promise.all(
    groups.map(async (ids) => {
      const parts = await Promise.all(ids.map(historyCostOf));
      const sum = (field: keyof HistoryCost) => parts.reduce((total, part) => total + part[field], 0);
      return { workflowTasks: sum('workflowTasks'), events: sum('events'), billableActions: sum('billableActions') };
    }),
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
