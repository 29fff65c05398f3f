/**
 * WHATWG URL parsing silently drops tabs, CR and LF and trims spaces and control characters, so
 * the text a client sent and the URL used could differ. Such text is refused before it is parsed.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const controlOrSpace = /[\u0000-\u0020\u007f-\u009f]/;

export function urlTextProblem(text: string): string | undefined {
  return controlOrSpace.test(text) ? 'url must not contain spaces or control characters (CR, LF, tab …)' : undefined;
}
