/** The person behind a command or click, as the adapter established it from the platform. */
export interface Actor {
  userId: string;
  displayName?: string | null;
  /** The locale the platform gives for this person, if any (Discord always, Slack from users.info). */
  locale?: string | null;
  /** The IANA timezone the platform gives for this person, if any (Slack's profile; Discord gives none). */
  timezone?: string | null;
  /** Slack workspace admin/owner, Discord member with Manage Server: the platform says so. */
  platformAdmin: boolean;
}
