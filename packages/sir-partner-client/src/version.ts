/** Kept equal to package.json's version (a test checks it); the API's logs see it in User-Agent. */
export const clientVersion = '0.1.0';

export const userAgent = `sir-partner-client/${clientVersion}`;
