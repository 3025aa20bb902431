/** What Discord refuses in application commands: names, descriptions, option order and nesting. */

import { checkCount, checkLen, type FormErr, type FormPath } from './errors.ts';
import { list, obj } from './json.ts';

const CHAT_INPUT_NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

function validateCommandName(errs: FormErr[], p: FormPath, name: unknown, chatInput: boolean): void {
  if (typeof name !== 'string') {
    errs.push({ path: [...p, 'name'], code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
    return;
  }
  if (chatInput) {
    if (!CHAT_INPUT_NAME.test(name) || name !== name.toLowerCase()) {
      errs.push({ path: [...p, 'name'], code: 'APPLICATION_COMMAND_INVALID_NAME', message: 'Command name is invalid' });
    }
  } else checkLen(errs, [...p, 'name'], name, 32, 1);
}

function validateOptions(errs: FormErr[], p: FormPath, options: unknown, depth: number): void {
  if (!Array.isArray(options)) return;
  checkCount(errs, [...p, 'options'], options, 25);
  let sawOptional = false;
  const names = new Set<unknown>();
  options.map(obj).forEach((o, i) => {
    const op = [...p, 'options', i];
    validateCommandName(errs, op, o.name, true);
    checkLen(errs, [...op, 'description'], o.description, 100, 1, true);
    if (names.has(o.name)) {
      errs.push({
        path: [...op, 'name'],
        code: 'APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS',
        message: 'Option names must be unique',
      });
    }
    names.add(o.name);
    if (o.type === 1 || o.type === 2) {
      if (o.type === 2 && depth > 0) {
        errs.push({
          path: [...op, 'type'],
          code: 'APPLICATION_COMMAND_OPTION_TYPE_INVALID',
          message: 'Subcommand groups cannot be nested',
        });
      }
      if (o.type === 2 && list(o.options).some((s) => obj(s).type !== 1)) {
        errs.push({
          path: [...op, 'options'],
          code: 'APPLICATION_COMMAND_OPTION_TYPE_INVALID',
          message: 'Subcommand groups may only contain subcommands',
        });
      }
      validateOptions(errs, op, o.options, depth + 1);
      return;
    }
    if (o.required) {
      if (sawOptional) {
        errs.push({
          path: [...op, 'required'],
          code: 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID',
          message: 'Required options must be placed before non-required options',
        });
      }
    } else sawOptional = true;
    checkCount(errs, [...op, 'choices'], o.choices, 25);
  });
}

export function validateCommand(errs: FormErr[], p: FormPath, raw: unknown): void {
  const c = obj(raw);
  const type = c.type ?? 1;
  validateCommandName(errs, p, c.name, type === 1);
  if (type === 1) checkLen(errs, [...p, 'description'], c.description, 100, 1, true);
  else if (c.description) {
    errs.push({
      path: [...p, 'description'],
      code: 'APPLICATION_COMMAND_CONTEXT_MENU_DESCRIPTION_INVALID',
      message: 'Context menu commands cannot have description',
    });
  }
  if (type === 1) validateOptions(errs, p, c.options, 0);
}
