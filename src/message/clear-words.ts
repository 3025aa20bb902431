/** What a person types to clear a value (a setting, a list of people), in every language Relais speaks. */
const CLEAR_WORDS = ['none', '-', 'aucun'] as const;

export function isClearWord(text: string): boolean {
  return (CLEAR_WORDS as readonly string[]).includes(text.trim().toLowerCase());
}
