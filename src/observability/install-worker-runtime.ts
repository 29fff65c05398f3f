import { Runtime } from '@temporalio/worker';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { temporalPinoLogger } from './temporal-pino-logger.js';

export interface WorkerRuntimeSettings {
  logger: Logger;
  /** host:port of the SDK's Prometheus exporter (worker, poller and activity metrics); none when unset. */
  metricsBindAddress?: string;
}

/** Installs the process's one Temporal Runtime: call before any NativeConnection or Worker exists. */
export function installWorkerRuntime({ logger, metricsBindAddress }: WorkerRuntimeSettings): Runtime {
  return Runtime.install({
    logger: temporalPinoLogger(logger),
    ...(metricsBindAddress
      ? { telemetryOptions: { metrics: { prometheus: { bindAddress: metricsBindAddress } } } }
      : {}),
  });
}

/** Where WORKER_METRICS_PORT asks the SDK's exporter to listen, on the process's HOST. */
export function workerMetricsBindAddress(config: Pick<Config, 'HOST' | 'WORKER_METRICS_PORT'>): string | undefined {
  return config.WORKER_METRICS_PORT === undefined ? undefined : `${config.HOST}:${config.WORKER_METRICS_PORT}`;
}
