import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { recentWindowHours, type BusinessFigures } from './business-figures.js';

export interface ApiMetrics {
  registry: Registry;
  requests: Counter<'method' | 'route' | 'status'>;
  requestDuration: Histogram<'method' | 'route' | 'status'>;
}

/**
 * One registry per app, so two apps in a process (tests) never share series. Business gauges
 * are read from the database when Prometheus scrapes, not kept in memory by each replica.
 */
export function createApiMetrics(figures: BusinessFigures): ApiMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const labelNames = ['method', 'route', 'status'] as const;
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by route pattern and status',
    labelNames,
    registers: [registry],
  });
  const requestDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by route pattern and status',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  new Gauge({
    name: 'sir_actions_recent',
    help: `Actions submitted in the last ${recentWindowHours} hours, by environment and status`,
    labelNames: ['environment', 'status'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await figures.recentActions())
        this.set({ environment: row.environment, status: row.status }, row.count);
    },
  });
  new Gauge({
    name: 'sir_webhook_deliveries_recent',
    help: `Webhook deliveries created in the last ${recentWindowHours} hours, by environment and status`,
    labelNames: ['environment', 'status'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await figures.recentDeliveries())
        this.set({ environment: row.environment, status: row.status }, row.count);
    },
  });
  new Gauge({
    name: 'sir_token_pool_balance_tokens',
    help: 'Tokens left in each active token pool',
    labelNames: ['pool_id', 'environment'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await figures.poolBalances())
        this.set({ pool_id: row.poolId, environment: row.environment }, row.balance);
    },
  });

  return { registry, requests, requestDuration };
}
