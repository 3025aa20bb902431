export const NETWORKS = [
  'linkedin',
  'x',
  'facebook',
  'instagram',
  'mastodon',
  'bluesky',
  'threads',
  'pinterest',
] as const;
export type Network = (typeof NETWORKS)[number];

export const NETWORK_LABELS: Record<Network, string> = {
  linkedin: 'LinkedIn',
  x: 'X',
  facebook: 'Facebook',
  instagram: 'Instagram',
  mastodon: 'Mastodon',
  bluesky: 'Bluesky',
  threads: 'Threads',
  pinterest: 'Pinterest',
};
