import { TestWorkflowEnvironment } from '@temporalio/testing';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { searchAttributeCreateCommands } from '../../src/temporal/dev/search-attribute-commands.js';
import { allSearchAttributeKeys } from '../../src/temporal/contract/search-attributes.js';
import { runBuiltEntryArgs } from '../support/built-entry.js';

const run = promisify(execFile);

describe('the documented search-attribute registration for a real cluster', () => {
  let env: TestWorkflowEnvironment;
  // A dev server started without the project's attributes stands in for a fresh cluster.
  beforeAll(async () => {
    env = await TestWorkflowEnvironment.createLocal({
      server: { executable: { type: 'existing-path', path: inject('temporalCliPath') } },
    });
  });
  afterAll(async () => env?.teardown());

  const registered = async () =>
    (await env.connection.operatorService.listSearchAttributes({ namespace: 'default' })).customAttributes ?? {};

  it('registers every attribute when its printed commands are run with the Temporal CLI; --apply then finds nothing to add', async () => {
    const names = allSearchAttributeKeys.map((key) => key.name);
    expect(Object.keys(await registered()).filter((name) => names.includes(name))).toEqual([]);

    const lines = searchAttributeCreateCommands('default');
    expect(lines).toHaveLength(names.length);
    for (const line of lines) {
      const [program, ...args] = line.split(' ');
      expect(program).toBe('temporal');
      await run(inject('temporalCliPath'), [...args, '--address', env.connection.options.address]);
    }
    // temporal.api.enums.v1.IndexedValueType: INDEXED_VALUE_TYPE_KEYWORD, INDEXED_VALUE_TYPE_KEYWORD_LIST
    const indexedTypes = { KEYWORD: 2, KEYWORD_LIST: 7 } as const;
    expect(
      Object.fromEntries(
        allSearchAttributeKeys.map((key) => [key.name, indexedTypes[key.type as keyof typeof indexedTypes]]),
      ),
    ).toEqual(Object.fromEntries(Object.entries(await registered()).filter(([name]) => names.includes(name))));

    const cliEnv = { ...process.env, LOG_LEVEL: 'silent', TEMPORAL_ADDRESS: env.connection.options.address };
    const applied = await run(
      process.execPath,
      [...runBuiltEntryArgs('src/cli/temporal-search-attributes.js'), '--apply', '--namespace', 'default'],
      { env: cliEnv },
    );
    expect(applied.stdout.trim()).toBe(
      `all search attributes already registered on ${env.connection.options.address}/default`,
    );
  });

  it('prints the same commands from npm run temporal:search-attributes', async () => {
    const { stdout } = await run(
      process.execPath,
      [...runBuiltEntryArgs('src/cli/temporal-search-attributes.js'), '--namespace', 'payments'],
      {
        env: { ...process.env, LOG_LEVEL: 'silent' },
      },
    );
    expect(stdout.trim().split('\n').slice(1)).toEqual(searchAttributeCreateCommands('payments'));
  });
});
