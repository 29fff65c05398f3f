import { connect } from 'node:net';

export interface RawResponse {
  statusCode: number;
  body: string;
  json(): any;
}

/**
 * One request written byte for byte to a listening server: refusals of Node's HTTP parser (an
 * over-long request line) happen below what `inject` reaches.
 */
export function rawHttp(
  port: number,
  method: string,
  pathWithQuery: string,
  headers: Record<string, string>,
  body: string,
): Promise<RawResponse> {
  const head = [
    `${method} ${pathWithQuery} HTTP/1.1`,
    'Host: 127.0.0.1',
    'Connection: close',
    `Content-Length: ${Buffer.byteLength(body)}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ];
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(`${head.join('\r\n')}\r\n\r\n${body}`));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const [status = '', text = ''] = Buffer.concat(chunks).toString('utf8').split('\r\n\r\n');
      resolve({ statusCode: Number(status.split(' ')[1]), body: text, json: () => JSON.parse(text) });
    });
  });
}
