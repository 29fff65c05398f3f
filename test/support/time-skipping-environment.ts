import {
  Client,
  type ClientOptions,
  type Connection,
  type TestService,
  WorkflowClient,
  type WorkflowClientOptions,
  type WorkflowResultOptions,
} from '@temporalio/client';
import type { Workflow, WorkflowResultType } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { inject } from 'vitest';

/**
 * Waits on workflow results with time skipping unlocked once for all open waits.
 *
 * The testing package's client unlocks time skipping when a wait starts and locks it when the wait
 * ends, once per wait. The test server keeps a single count for these and for its own locks (one
 * per outstanding workflow or activity task), so two waits at once bring the count to zero while a
 * task is outstanding: time jumps past that task's timeout (its workflow can even time out), and
 * when both waits lock again the count stays one too high, so time never skips again and the next
 * wait runs in wall time until the test times out. Here the first open wait unlocks, the last one
 * to end locks, and the calls reach the server in order.
 */
class CountedWaitsWorkflowClient extends WorkflowClient {
  readonly #testService: TestService;
  #openWaits = 0;
  #lockChanges: Promise<unknown> = Promise.resolve();

  constructor(options: WorkflowClientOptions & { connection: Connection }) {
    super(options);
    if (options.connection.testService === undefined) throw new TypeError('not a time-skipping test server');
    this.#testService = options.connection.testService;
  }

  override async result<T extends Workflow>(
    workflowId: string,
    runId?: string,
    opts?: WorkflowResultOptions,
  ): Promise<WorkflowResultType<T>> {
    if (this.#openWaits++ === 0) await this.#inOrder((service) => service.unlockTimeSkipping({}));
    try {
      return await super.result<T>(workflowId, runId, opts);
    } finally {
      if (--this.#openWaits === 0) await this.#inOrder((service) => service.lockTimeSkipping({}));
    }
  }

  #inOrder(change: (service: TestService) => Promise<unknown>): Promise<unknown> {
    this.#lockChanges = this.#lockChanges.catch(() => undefined).then(() => change(this.#testService));
    return this.#lockChanges;
  }
}

class CountedWaitsClient extends Client {
  override readonly workflow: CountedWaitsWorkflowClient;

  constructor(options: ClientOptions & { connection: Connection }) {
    super(options);
    this.workflow = new CountedWaitsWorkflowClient({ connection: options.connection, namespace: options.namespace });
  }
}

/**
 * The time-skipping test server with a client whose concurrent result() waits are safe. Use this
 * rather than `TestWorkflowEnvironment.createTimeSkipping`, whose client stalls the clock when two
 * results are awaited at once (see CountedWaitsWorkflowClient).
 */
export async function createTimeSkippingEnvironment(): Promise<TestWorkflowEnvironment> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: inject('temporalTestServerPath') } },
  });
  const client = new CountedWaitsClient({ connection: env.connection, namespace: env.namespace });
  // `client` is a read-only field of the environment; every `env.client` user gets the safe one.
  Object.defineProperty(env, 'client', { value: client });
  return env;
}
