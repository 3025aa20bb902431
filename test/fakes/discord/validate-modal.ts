/** What Discord refuses in a modal (callback type 9): title, ids, 1–5 rows of one text input, label layout. */

import { checkCount, checkLen, type FormErr, type FormPath } from './errors.ts';
import { type JsonObject, list, obj } from './json.ts';

function validateTextInput(errs: FormErr[], t: JsonObject, tp: FormPath, inRow: boolean): void {
  checkLen(errs, [...tp, 'custom_id'], t.custom_id, 100, 1, true);
  if (inRow) checkLen(errs, [...tp, 'label'], t.label, 45, 1, true);
  checkLen(errs, [...tp, 'value'], t.value, 4000);
  checkLen(errs, [...tp, 'placeholder'], t.placeholder, 100);
  const min = t.min_length;
  if (typeof min === 'number' && (min < 0 || min > 4000)) {
    errs.push({
      path: [...tp, 'min_length'],
      code: 'NUMBER_TYPE_MAX',
      message: 'int value should be between 0 and 4000.',
    });
  }
  const max = t.max_length;
  if (typeof max === 'number' && (max < 1 || max > 4000)) {
    errs.push({
      path: [...tp, 'max_length'],
      code: 'NUMBER_TYPE_MAX',
      message: 'int value should be between 1 and 4000.',
    });
  }
}

export function validateModal(raw: unknown): FormErr[] {
  const data = obj(raw);
  const errs: FormErr[] = [];
  const p = ['data'];
  checkLen(errs, [...p, 'title'], data.title, 45, 1, true);
  checkLen(errs, [...p, 'custom_id'], data.custom_id, 100, 1, true);
  const comps = list(data.components).map(obj);
  checkCount(errs, [...p, 'components'], comps, 5, 1);
  comps.forEach((c, i) => {
    const cp = [...p, 'components', i];
    if (c.type === 1) {
      const inner = list(c.components).map(obj);
      checkCount(errs, [...cp, 'components'], inner, 1, 1);
      inner.forEach((t, j) => {
        if (t.type === 4) validateTextInput(errs, t, [...cp, 'components', j], true);
      });
    } else if (c.type === 18) {
      checkLen(errs, [...cp, 'label'], c.label, 45, 1, true);
      checkLen(errs, [...cp, 'description'], c.description, 100);
      const inner = obj(c.component);
      if (inner.type === 4) validateTextInput(errs, inner, [...cp, 'component'], false);
    }
  });
  return errs;
}
