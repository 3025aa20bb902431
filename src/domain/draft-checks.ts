import { checkCharter } from './charter-checks.ts';
import { FINDING_RULES, type Finding } from './finding.ts';
import { measureForNetwork, measureHashtags } from './network-limits.ts';
import type { Network } from './networks.ts';
import type { RuleLevel, WorkspaceSettings } from './settings.ts';

interface NetworkMeasure {
  network: Network;
  length: number;
  limit: number;
  over: number;
}

export interface DraftCheck {
  findings: Finding[];
  /** True when any finding is a blocker: the draft cannot be published as it is. */
  blocked: boolean;
  perNetwork: NetworkMeasure[];
}

function networkFindings(text: string, measure: NetworkMeasure): Finding[] {
  const findings: Finding[] = [];
  const { network, length, limit, over } = measure;
  if (over > 0) findings.push({ rule: 'length', level: 'blocker', network, params: { length, limit, over } });
  const hashtags = measureHashtags(text, network);
  if (hashtags.limit !== null && hashtags.over > 0) {
    findings.push({
      rule: 'hashtag-limit',
      level: 'blocker',
      network,
      params: { count: hashtags.count, limit: hashtags.limit, over: hashtags.over },
    });
  }
  return findings;
}

const levelRank = (level: RuleLevel) => (level === 'blocker' ? 0 : 1);

/** Blockers first, then in the order of FINDING_RULES; otherwise as found (networks as chosen). */
function byImportance(a: Finding, b: Finding): number {
  return levelRank(a.level) - levelRank(b.level) || FINDING_RULES.indexOf(a.rule) - FINDING_RULES.indexOf(b.rule);
}

/**
 * Every check a draft goes through on submit and on each edit: each chosen network's length and
 * hashtag cap (over either is a blocker: the network would refuse or cut the post) and the
 * workspace charter (each rule at the level the admin set).
 */
export function checkDraft(
  input: { text: string; networks: Network[] },
  settings: Pick<WorkspaceSettings, 'charter' | 'mastodonLimit'>,
): DraftCheck {
  const networks = [...new Set(input.networks)];
  const perNetwork = networks.map(
    (network): NetworkMeasure => ({
      network,
      ...measureForNetwork(input.text, network, { mastodonLimit: settings.mastodonLimit }),
    }),
  );
  const findings = [
    ...perNetwork.flatMap((measure) => networkFindings(input.text, measure)),
    ...checkCharter(input.text, settings.charter),
  ].sort(byImportance);
  return { findings, blocked: findings.some((f) => f.level === 'blocker'), perNetwork };
}
