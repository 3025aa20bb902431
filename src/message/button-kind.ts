import type { z } from 'zod';
import type { Button, ButtonStyle } from './model.ts';

/**
 * A kind of button, declared once: its action id and the schema of the value it carries (read
 * from the platform's string). Messages build buttons from it; a command binds its handler to it;
 * the dispatcher decodes the value with its schema. The id is written nowhere else.
 */
export interface ButtonKind<T> {
  id: string;
  value: z.ZodType<T, string>;
  encode(value: T): string;
}

export function buttonKind<T>(id: string, value: z.ZodType<T, string>, encode: (v: T) => string): ButtonKind<T> {
  if (!/^[a-z][a-z-]*:[a-z][a-z-]*$/.test(id)) throw new Error(`bad button id ${id}`);
  return { id, value, encode };
}

/** `subject` names what the button acts on when several alike share a message (a digest's stories). */
export function button<T>(kind: ButtonKind<T>, value: T, label: string, style?: ButtonStyle, subject?: string): Button {
  return {
    action: kind.id,
    value: kind.encode(value),
    label,
    ...(style ? { style } : {}),
    ...(subject ? { subject } : {}),
  };
}
