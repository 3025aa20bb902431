import { decodeXML } from 'entities';
import type { RawText } from './raw-feed.ts';

/**
 * The text of one feed element as it is read: raw pieces, each remembering whether it still holds
 * XML entities (CDATA sections and the spaces put between child elements do not). Decoding, by
 * the `entities` package, waits until the text is read, and stops where the reader stops.
 */
export interface CapturedText {
  parts: string[];
  encoded: boolean[];
  length: number;
}

/** A field longer than this (as written) keeps only its beginning: 512 KiB of any article is plenty. */
const MAX_CAPTURED = 512 * 1024;

export function newCapturedText(): CapturedText {
  return { parts: [], encoded: [], length: 0 };
}

export function addText(captured: CapturedText, text: string, encoded: boolean): void {
  if (captured.length >= MAX_CAPTURED) return;
  captured.parts.push(text);
  captured.encoded.push(encoded);
  captured.length += text.length;
}

export function hasContent(captured: CapturedText): boolean {
  return captured.parts.some((part) => /\S/.test(part));
}

/** Decoded text of at most the first `maxRaw` characters as written. */
export function readCaptured(captured: CapturedText, maxRaw = Infinity): string {
  let out = '';
  let used = 0;
  for (let i = 0; i < captured.parts.length && used < maxRaw; i++) {
    let part = captured.parts[i]!;
    if (used + part.length > maxRaw) part = part.slice(0, maxRaw - used);
    used += part.length;
    out += captured.encoded[i] && part.includes('&') ? decodeXML(part) : part;
  }
  return out;
}

export function toRawText(captured: CapturedText, html: boolean): RawText {
  return { html, length: captured.length, read: (maxRaw) => readCaptured(captured, maxRaw) };
}
