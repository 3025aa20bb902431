/**
 * The playground's own limits. No platform imposes them; they keep one message or form readable
 * and the page's HTML bounded, and they sit near Slack's so a card that fits here fits there.
 */
export const PLAYGROUND_LIMITS = {
  blocksPerMessage: 50,
  headerText: 150,
  /** Characters of a section, context line or field value, spans included. */
  sectionText: 3000,
  fieldLabel: 200,
  buttonsPerMessage: 25,
  buttonLabel: 75,
  formTitle: 100,
  inputLabel: 200,
  hint: 500,
  placeholder: 150,
  choices: 100,
  choiceLabel: 100,
  /** A mention whose name is unknown shows its id, cut to this. */
  mentionName: 80,
} as const;
