/** One documented error code: the HTTP status it maps to and what it means. */
export interface ErrorCodeDef {
  http: number;
  description: string;
}
export type ErrorCodeTable = Record<string, ErrorCodeDef>;
