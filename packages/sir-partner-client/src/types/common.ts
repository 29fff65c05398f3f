export type Environment = 'sandbox' | 'production';

/** Free-form partner data: at most 50 keys and 8 KB of JSON. */
export type Metadata = Record<string, unknown>;

/** A final refusal's code and message, as shown on failed actions and reversals. */
export interface Failure {
  code: string;
  message: string;
}
