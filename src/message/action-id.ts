/**
 * A button's or form's platform id: its action id and its value, in one string (`draft:approve|<id>:2`).
 * Every renderer encodes with this and every adapter decodes with it; nothing else knows the format.
 */
const SEPARATOR = '|';

export function encodeActionId(action: string, value = ''): string {
  return `${action}${SEPARATOR}${value}`;
}

export function decodeActionId(id: string): { action: string; value: string } {
  const at = id.indexOf(SEPARATOR);
  return at < 0 ? { action: id, value: '' } : { action: id.slice(0, at), value: id.slice(at + 1) };
}
