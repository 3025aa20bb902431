CREATE TABLE "draft_counters" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"last" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "draft_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"draft_id" uuid NOT NULL,
	"revision" integer NOT NULL,
	"actor_id" text NOT NULL,
	"kind" text NOT NULL,
	"from_state" text,
	"to_state" text,
	"reason" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "draft_reviews" (
	"draft_id" uuid NOT NULL,
	"revision" integer NOT NULL,
	"reviewer_id" text NOT NULL,
	"decision" text NOT NULL,
	"reason" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "draft_reviews_draft_id_revision_reviewer_id_pk" PRIMARY KEY("draft_id","revision","reviewer_id"),
	CONSTRAINT "draft_reviews_decision" CHECK ("draft_reviews"."decision" in ('approve', 'changes', 'reject'))
);
--> statement-breakpoint
CREATE TABLE "draft_revisions" (
	"draft_id" uuid NOT NULL,
	"revision" integer NOT NULL,
	"text" text NOT NULL,
	"networks" jsonb NOT NULL,
	"link" text,
	"media" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"planned_at" timestamp with time zone,
	"campaign" text,
	"reviewer_note" text,
	"author_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "draft_revisions_draft_id_revision_pk" PRIMARY KEY("draft_id","revision")
);
--> statement-breakpoint
CREATE TABLE "drafts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"author_id" text NOT NULL,
	"state" text NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"origin_channel" text,
	"card_channel" text,
	"card_message" text,
	"published_urls" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"published_at" timestamp with time zone,
	"reminded_at" timestamp with time zone,
	"publish_reminded_at" timestamp with time zone,
	"cloned_from" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "order_key" text;--> statement-breakpoint
ALTER TABLE "draft_counters" ADD CONSTRAINT "draft_counters_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draft_events" ADD CONSTRAINT "draft_events_draft_id_drafts_id_fk" FOREIGN KEY ("draft_id") REFERENCES "public"."drafts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draft_reviews" ADD CONSTRAINT "draft_reviews_draft_id_drafts_id_fk" FOREIGN KEY ("draft_id") REFERENCES "public"."drafts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draft_revisions" ADD CONSTRAINT "draft_revisions_draft_id_drafts_id_fk" FOREIGN KEY ("draft_id") REFERENCES "public"."drafts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drafts" ADD CONSTRAINT "drafts_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "draft_events_draft" ON "draft_events" USING btree ("draft_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "drafts_workspace_number" ON "drafts" USING btree ("workspace_id","number");--> statement-breakpoint
CREATE INDEX "drafts_workspace_state" ON "drafts" USING btree ("workspace_id","state");--> statement-breakpoint
CREATE INDEX "drafts_author" ON "drafts" USING btree ("workspace_id","author_id");--> statement-breakpoint
CREATE INDEX "outbox_order" ON "outbox" USING btree ("order_key","id");