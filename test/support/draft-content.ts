import type { DraftContent } from '../../src/domain/draft.ts';

/** A draft's content for tests: the given text for LinkedIn, nothing else set unless overridden. */
export function draftContent(text: string, more: Partial<DraftContent> = {}): DraftContent {
  return {
    text,
    networks: ['linkedin'],
    link: null,
    media: [],
    plannedAt: null,
    campaign: null,
    reviewerNote: null,
    ...more,
  };
}
