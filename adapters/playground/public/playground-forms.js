/*
 * The playground's form dialog: opened with the server's rendered form, submitted as values, kept
 * open with each problem beside its field. Loaded after playground.js, whose helpers (and `dialog`, `openForm`) it uses.
 */
'use strict';

function formValues(form) {
  const values = {};
  for (const field of form.querySelectorAll('[data-field]')) {
    const name = field.dataset.field;
    if (field.dataset.kind === 'choices')
      values[name] = [...field.querySelectorAll('input[type=checkbox]:checked')].map((b) => b.value);
    else values[name] = field.querySelector('input, select, textarea').value;
  }
  return values;
}

function showErrors(form, errors) {
  for (const slot of form.querySelectorAll('[data-error-for]')) slot.hidden = true;
  for (const [field, text] of Object.entries(errors)) {
    const slot =
      form.querySelector(`[data-error-for="${CSS.escape(field)}"]`) || form.querySelector('[data-error-for=""]');
    slot.textContent = text;
    slot.hidden = false;
  }
}

dialog.addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.target;
  const submit = form.querySelector('[type=submit]');
  submit.disabled = true;
  try {
    const { outcome } = await api('POST', '/api/form', {
      user: view.user,
      token: dialog.dataset.token,
      values: formValues(form),
    });
    if (outcome.kind === 'form-errors') return showErrors(form, outcome.errors);
    dialog.close();
    handleOutcome(outcome);
    await refresh(true);
  } catch (err) {
    showErrors(form, { '': err.message });
  } finally {
    submit.disabled = false;
  }
});

dialog.addEventListener('click', (event) => {
  if (event.target instanceof Element && event.target.closest('[data-form-cancel]')) dialog.close();
});
