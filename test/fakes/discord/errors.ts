/** Discord's error answers: status, JSON code and, for form errors, the nested `errors` tree. */

import { isObject, type JsonObject } from './json.ts';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(`HTTP ${status}`);
  }
}

/** 404 `Unknown <what>` with Discord's code (10003 channel, 10008 message, 10062 interaction…). */
export const unknownEntity = (what: string, code: number): HttpError =>
  new HttpError(404, { message: `Unknown ${what}`, code });

export const emptyMessage = (): HttpError =>
  new HttpError(400, { message: 'Cannot send an empty message', code: 50006 });

export type FormPath = (string | number)[];

export interface FormErr {
  path: FormPath;
  code: string;
  message: string;
}

/** 400 Invalid Form Body (50035), errors nested by path as Discord does: `{embeds: {0: {title: {_errors: […]}}}}`. */
export function formError(errs: FormErr[]): HttpError {
  const errors: JsonObject = {};
  for (const e of errs) {
    let node = errors;
    for (const p of e.path) {
      const key = String(p);
      if (!isObject(node[key])) node[key] = {};
      node = node[key] as JsonObject;
    }
    const own = Array.isArray(node._errors) ? node._errors : [];
    own.push({ code: e.code, message: e.message });
    node._errors = own;
  }
  return new HttpError(400, { message: 'Invalid Form Body', code: 50035, errors });
}

const strLen = (v: string): number => [...v].length;

/** A string field's length in code points, between `min` and `max`; `required` when it must be present. */
export function checkLen(errs: FormErr[], path: FormPath, v: unknown, max: number, min = 0, required = false): void {
  if (v === undefined || v === null) {
    if (required) errs.push({ path, code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
    return;
  }
  if (typeof v !== 'string') {
    errs.push({ path, code: 'STRING_TYPE_CONVERT', message: 'Could not interpret value as string.' });
    return;
  }
  const n = strLen(v);
  if (n > max) errs.push({ path, code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${max} or fewer in length.` });
  if (n < min) errs.push({ path, code: 'BASE_TYPE_MIN_LENGTH', message: `Must be ${min} or more in length.` });
}

/** A list field's length between `min` and `max` (ignored when it is not a list). */
export function checkCount(errs: FormErr[], path: FormPath, v: unknown, max: number, min = 0): void {
  if (!Array.isArray(v)) return;
  if (v.length > max) errs.push({ path, code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${max} or fewer in length.` });
  if (v.length < min) errs.push({ path, code: 'BASE_TYPE_MIN_LENGTH', message: `Must be ${min} or more in length.` });
}

/** Counts characters towards the 6,000 embed total. */
export const textLength = (v: unknown): number => (typeof v === 'string' ? strLen(v) : 0);
