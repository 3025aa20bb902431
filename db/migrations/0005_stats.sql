CREATE TABLE "digest_stories" (
	"workspace_id" uuid NOT NULL,
	"channel_id" text NOT NULL,
	"slot" text NOT NULL,
	"item_id" bigint NOT NULL,
	"shown_at" timestamp with time zone NOT NULL,
	CONSTRAINT "digest_stories_workspace_id_channel_id_slot_item_id_pk" PRIMARY KEY("workspace_id","channel_id","slot","item_id")
);
--> statement-breakpoint
CREATE TABLE "draft_results" (
	"draft_id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"answered_by" text NOT NULL,
	"campaign" text,
	"networks" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	"reactions" integer,
	"comments" integer,
	"shares" integer,
	"clicks" integer,
	"worked" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"word" text,
	"answered_at" timestamp with time zone NOT NULL,
	CONSTRAINT "draft_results_counts" CHECK (coalesce("draft_results"."reactions", 0) >= 0 and coalesce("draft_results"."comments", 0) >= 0 and coalesce("draft_results"."shares", 0) >= 0 and coalesce("draft_results"."clicks", 0) >= 0)
);
--> statement-breakpoint
ALTER TABLE "drafts" ADD COLUMN "story_item_id" bigint;--> statement-breakpoint
ALTER TABLE "digest_stories" ADD CONSTRAINT "digest_stories_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draft_results" ADD CONSTRAINT "draft_results_draft_id_drafts_id_fk" FOREIGN KEY ("draft_id") REFERENCES "public"."drafts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draft_results" ADD CONSTRAINT "draft_results_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "digest_stories_shown" ON "digest_stories" USING btree ("workspace_id","shown_at");--> statement-breakpoint
CREATE INDEX "draft_results_workspace" ON "draft_results" USING btree ("workspace_id");--> statement-breakpoint
CREATE INDEX "draft_events_at" ON "draft_events" USING btree ("at","draft_id","kind","to_state");--> statement-breakpoint
CREATE INDEX "draft_events_draft_life" ON "draft_events" USING btree ("draft_id","revision","kind","to_state","at");--> statement-breakpoint
CREATE INDEX "draft_revisions_campaign" ON "draft_revisions" USING btree (lower("campaign"));--> statement-breakpoint
CREATE INDEX "drafts_workspace_created" ON "drafts" USING btree ("workspace_id","created_at");--> statement-breakpoint
CREATE INDEX "drafts_workspace_published" ON "drafts" USING btree ("workspace_id","published_at");--> statement-breakpoint
CREATE INDEX "prompts_workspace_sent" ON "prompts" USING btree ("workspace_id","sent_at");--> statement-breakpoint
CREATE INDEX "prompts_workspace_answered" ON "prompts" USING btree ("workspace_id","answered_at");