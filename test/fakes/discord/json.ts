/** Reading untrusted JSON bodies without `any`: every accessor returns a safe default. */

export type JsonObject = Record<string, unknown>;

export const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
/** The value as an object, or an empty one. */
export const obj = (v: unknown): JsonObject => (isObject(v) ? v : {});
/** The value as a list, or an empty one. */
export const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
/** Discord's lenient integer reading (`"64"` and `64` both count; anything else is 0). */
export const flagsOf = (v: unknown): number => Number(v) || 0;
