import { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installWorkerRuntime } from '../../src/observability/install-worker-runtime.js';
import { createLogger, logOptions } from '../../src/observability/logger.js';
import { workflowStartLogging } from '../../src/observability/workflow-start-logging.js';
import { freePort } from '../../src/runtime/free-port.js';
import { workflowIds } from '../../src/temporal/contract/workflow-ids.js';
import { insertEndpoint } from '../support/delivery-fixtures.js';
import { eventually } from '../support/delivery-waits.js';
import { fundPool, purchase } from '../support/ledger-fixtures.js';
import { logCapture } from '../support/log-capture.js';
import { signedHeaders } from '../support/sign.js';
import { startTemporalStack, type TemporalStack } from '../support/temporal-stack.js';
import { createTestApp, type TestApp, type TestPartner } from '../support/test-app.js';
import { createTestDatabase } from '../support/test-database.js';

// The Temporal Runtime is installed once per process, before any worker: this file has its own (forks pool).
describe('logs and metrics across API, workflows and activities', () => {
  const workerCapture = logCapture();
  const apiCapture = logCapture();
  let metricsPort: number;
  let stack: TemporalStack;
  let t: TestApp;
  let partner: TestPartner;
  let apiUrl: string;

  beforeAll(async () => {
    metricsPort = await freePort();
    const workerLog = createLogger('debug', workerCapture.stream);
    installWorkerRuntime({ logger: workerLog, metricsBindAddress: `127.0.0.1:${metricsPort}` });
    const database = await createTestDatabase();
    stack = await startTemporalStack(database.db);
    const temporal = new Client({
      connection: stack.client.connection,
      namespace: stack.namespace,
      interceptors: workflowStartLogging(workerLog),
    });
    t = await createTestApp({ database, temporal, logger: { ...logOptions('info'), stream: apiCapture.stream } });
    partner = await t.createPartner();
    await fundPool(t, partner, 10_000);
    apiUrl = await t.app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await stack?.stop();
    await t?.close();
  });

  it('joins an API request to its workflow and activities through the workflowId', async () => {
    // Over a real socket: the body arrives in the socket's async context, not the request's.
    const path = '/v1/partner/actions/submit';
    const body = JSON.stringify(purchase('logs_1', 25));
    const response = await fetch(`${apiUrl}${path}`, {
      method: 'POST',
      headers: signedHeaders(partner.sandbox, 'POST', path, body),
      body,
    });
    expect(((await response.json()) as { status: string }).status).toBe('COMPLETED');
    const reqId = response.headers.get('request-id');
    const workflowId = workflowIds.action(partner.partnerId, 'sandbox', 'logs_1');

    // The API's start line: the request's id and partner beside the workflowId.
    const started = apiCapture
      .lines()
      .find((line) => line.msg === 'workflow started' && line.workflowId === workflowId);
    expect(started).toMatchObject({
      reqId,
      partnerId: partner.partnerId,
      environment: 'sandbox',
      workflowType: 'processAction',
    });

    // The worker's lines for that workflow, forwarded from Temporal's logger into pino.
    const activityLines = workerCapture
      .lines()
      .filter((line) => line.workflowId === workflowId && line.activityType !== undefined);
    expect(activityLines.map((line) => line.msg)).toContain('Activity completed');
    expect(activityLines[0]).toMatchObject({ workflowType: 'processAction', attempt: 1, level: 20 });
  });

  it("logs a receiver's refused attempt at debug, not as a warning with its stack", async () => {
    const refusing = `http://127.0.0.1:${await freePort()}/hooks`;
    await insertEndpoint(t.database.db, partner.partnerId, { url: refusing });
    const path = '/v1/partner/actions/submit';
    const body = JSON.stringify(purchase('logs_refused', 25));
    await fetch(`${apiUrl}${path}`, {
      method: 'POST',
      headers: signedHeaders(partner.sandbox, 'POST', path, body),
      body,
    });

    const failedAttempts = () =>
      workerCapture.lines().filter((line) => line.msg === 'Activity failed' && line.activityType === 'sendWebhook');
    const [first] = await eventually(
      async () => (failedAttempts().length > 0 ? failedAttempts() : undefined),
      'the first attempt against the refusing receiver',
    );
    expect(first).toMatchObject({ level: 20, error: { message: expect.stringContaining('ECONNREFUSED') } });
    expect(failedAttempts().filter((line) => (line.level as number) >= 40)).toEqual([]);
  });

  it('serves the SDK metrics on the worker port', async () => {
    const response = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toMatch(/^temporal_workflow_completed\{.*workflow_type="processAction".*\} [1-9]/m);
  });
});
