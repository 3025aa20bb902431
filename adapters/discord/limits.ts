/** Discord message, embed and component limits (discord-api-docs resources/message, components/reference). */
export const DISCORD_LIMITS = {
  content: 2000,
  embedsPerMessage: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  embedsTotal: 6000,
  actionRows: 5,
  buttonsPerRow: 5,
  buttonLabel: 80,
  customId: 100,
  modalTitle: 45,
  modalInputs: 5,
  inputLabel: 45,
  inputValue: 4000,
  placeholder: 100,
} as const;

export const EPHEMERAL_FLAG = 1 << 6;
