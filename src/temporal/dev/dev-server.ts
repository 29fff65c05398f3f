import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { Connection } from '@temporalio/client';
import type { SearchAttributeType } from '@temporalio/common';
// Not re-exported from the package index; the SDK exports it for registering search attributes.
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes.js';
import { allSearchAttributeKeys } from '../contract/search-attributes.js';

export interface DevServerOptions {
  cliPath: string;
  dbFile: string;
  port: number;
  uiPort: number;
  namespace?: string;
  /** Defaults to WAL, which made 200 workflows about twice as fast; synchronous=off measured no faster than normal. */
  sqlitePragmas?: readonly string[];
  log?: (line: string) => void;
}

export interface DevServer {
  address: string;
  uiUrl: string;
  stop(): Promise<void>;
}

const defaultPragmas = ['journal_mode=wal', 'synchronous=normal'];

// How `temporal server start-dev --search-attribute` spells each type.
export const cliTypeNames: Record<SearchAttributeType, string> = {
  TEXT: 'Text',
  KEYWORD: 'Keyword',
  INT: 'Int',
  DOUBLE: 'Double',
  BOOL: 'Bool',
  DATETIME: 'Datetime',
  KEYWORD_LIST: 'KeywordList',
};

function devServerArgs(options: DevServerOptions, namespace: string): string[] {
  return [
    'server',
    'start-dev',
    '--db-filename',
    options.dbFile,
    '--port',
    String(options.port),
    '--ui-port',
    String(options.uiPort),
    '--ip',
    '127.0.0.1',
    '--namespace',
    namespace,
    '--log-level',
    'warn',
    ...(options.sqlitePragmas ?? defaultPragmas).flatMap((pragma) => ['--sqlite-pragma', pragma]),
    ...allSearchAttributeKeys.flatMap((key) => ['--search-attribute', `${key.name}=${cliTypeNames[key.type]}`]),
  ];
}

function indexedValueType(key: (typeof allSearchAttributeKeys)[number]) {
  const encoded = encodeSearchAttributeIndexedValueType(key.type);
  if (encoded === undefined) throw new Error(`Unknown search attribute type ${key.type} for ${key.name}`);
  return encoded;
}

/** Adds the project's custom search attributes missing from `namespace`; returns the names it added. */
export async function registerSearchAttributes(connection: Connection, namespace: string): Promise<string[]> {
  const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
  const missing = allSearchAttributeKeys.filter((key) => {
    const existing = customAttributes?.[key.name];
    if (existing === undefined) return true;
    if (existing !== indexedValueType(key)) {
      throw new Error(
        `Search attribute ${key.name} exists in namespace ${namespace} with another type (${existing}); expected ${key.type}`,
      );
    }
    return false;
  });
  if (missing.length === 0) return [];
  const searchAttributes = Object.fromEntries(missing.map((key) => [key.name, indexedValueType(key)]));
  await connection.operatorService.addSearchAttributes({ namespace, searchAttributes });
  return missing.map((key) => key.name);
}

async function stopProcess(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
  }
}

export async function startTemporalDevServer(options: DevServerOptions): Promise<DevServer> {
  const namespace = options.namespace ?? 'default';
  const address = `127.0.0.1:${options.port}`;
  const child = spawn(options.cliPath, devServerArgs(options, namespace), { stdio: ['ignore', 'pipe', 'pipe'] });
  const recentLines: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      recentLines.push(line);
      if (recentLines.length > 30) recentLines.shift();
      options.log?.(line);
    });
  }
  const exitedEarly = once(child, 'exit').then(([code, signal]) => {
    throw new Error(
      `temporal server start-dev exited early (code ${code}, signal ${signal}):\n${recentLines.join('\n')}`,
    );
  });
  // Once the server is up, its exit (our own stop included) is no longer an error.
  const startupDone = () => void exitedEarly.catch(() => {});
  const stop = () => stopProcess(child);
  try {
    // Connection.connect waits (gRPC waitForReady) until the server listens, bounded by connectTimeout.
    const connection = await Promise.race([Connection.connect({ address, connectTimeout: '60s' }), exitedEarly]);
    try {
      await registerSearchAttributes(connection, namespace);
    } finally {
      await connection.close();
    }
  } catch (err) {
    startupDone();
    await stop();
    throw err;
  }
  startupDone();
  return { address, uiUrl: `http://127.0.0.1:${options.uiPort}`, stop };
}
