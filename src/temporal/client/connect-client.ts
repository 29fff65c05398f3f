import { Client, Connection, type ClientInterceptors } from '@temporalio/client';

/** A Temporal client for the API and operator commands. */
export async function connectTemporalClient(
  address: string,
  namespace: string,
  interceptors?: ClientInterceptors,
): Promise<Client> {
  const connection = await Connection.connect({ address });
  return new Client({ connection, namespace, ...(interceptors ? { interceptors } : {}) });
}
