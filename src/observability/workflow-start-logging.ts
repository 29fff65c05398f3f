import type { WorkflowClientInterceptor, ClientInterceptors } from '@temporalio/client';
import { requestLog } from './request-log-context.js';

/** The little of a pino or Fastify logger that a start line needs. */
export interface StartLog {
  info(bindings: object, message: string): void;
}

/**
 * Logs every workflow a client starts with its workflowId: inside an API request through the
 * request's logger (reqId, partnerId), elsewhere through the process logger. That one line joins
 * the API's logs to the worker's, whose activity lines carry the same workflowId.
 */
export function workflowStartLogging(processLog: StartLog): ClientInterceptors {
  const log = (): StartLog => requestLog() ?? processLog;
  const interceptor: WorkflowClientInterceptor = {
    async startWithDetails(input, next) {
      const output = await next(input);
      log().info(
        { workflowId: input.options.workflowId, workflowType: input.workflowType, runId: output.runId },
        'workflow started',
      );
      return output;
    },
    async signalWithStart(input, next) {
      const runId = await next(input);
      log().info(
        { workflowId: input.options.workflowId, workflowType: input.workflowType, runId, signal: input.signalName },
        'workflow signalled with start',
      );
      return runId;
    },
  };
  return { workflow: [interceptor] };
}
