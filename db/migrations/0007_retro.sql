CREATE TABLE "draft_retros" (
	"draft_id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"claimed_by" text NOT NULL,
	"claimed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "draft_retros" ADD CONSTRAINT "draft_retros_draft_id_drafts_id_fk" FOREIGN KEY ("draft_id") REFERENCES "public"."drafts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draft_retros" ADD CONSTRAINT "draft_retros_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "drafts_published_at" ON "drafts" USING btree ("published_at");