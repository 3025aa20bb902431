import { Invalid } from './errors.ts';
import type { MessageKey } from './i18n/catalog.ts';

type Problem = { key: MessageKey; params?: Record<string, string | number> };

/**
 * Several values of one form are wrong at once, each named by its field: a form shows every
 * problem beside its field in one go; a command answers with them all.
 */
export class FieldProblems extends Invalid {
  constructor(readonly problems: Record<string, Problem>) {
    const first = Object.values(problems)[0];
    super(first?.key ?? 'error.bad-form', first?.params);
  }
}

/** Gathers problems field by field (the first problem of a field wins) and throws them together. */
export function problemList() {
  const problems: Record<string, Problem> = {};
  return {
    add(field: string, key: MessageKey, params?: Record<string, string | number>) {
      problems[field] ??= params ? { key, params } : { key };
    },
    /** Runs `read`; an Invalid it throws is recorded on `field`, and `fallback` returned instead. */
    on<T>(field: string, read: () => T, fallback: T): T {
      try {
        return read();
      } catch (error) {
        if (!(error instanceof Invalid)) throw error;
        this.add(field, error.key, error.params);
        return fallback;
      }
    },
    throwIfAny() {
      if (Object.keys(problems).length) throw new FieldProblems(problems);
    },
  };
}
