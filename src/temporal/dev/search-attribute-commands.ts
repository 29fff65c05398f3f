import { cliTypeNames } from './dev-server.js';
import { allSearchAttributeKeys } from '../contract/search-attributes.js';

/** The Temporal CLI lines that register the project's search attributes on a cluster's namespace. */
export function searchAttributeCreateCommands(namespace: string): string[] {
  return allSearchAttributeKeys.map(
    (key) =>
      `temporal operator search-attribute create --namespace ${namespace} --name ${key.name} --type ${cliTypeNames[key.type]}`,
  );
}
