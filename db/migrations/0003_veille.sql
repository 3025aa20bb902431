CREATE TABLE "veille_channels" (
	"workspace_id" uuid NOT NULL,
	"channel_id" text NOT NULL,
	"minute_of_day" integer DEFAULT 510 NOT NULL,
	"timezone" text,
	"size" integer DEFAULT 10 NOT NULL,
	"weekly_day" integer,
	CONSTRAINT "veille_channels_workspace_id_channel_id_pk" PRIMARY KEY("workspace_id","channel_id")
);
--> statement-breakpoint
CREATE TABLE "veille_items" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"source_id" bigint NOT NULL,
	"item_key" text NOT NULL,
	"title" text NOT NULL,
	"url" text,
	"summary" text DEFAULT '' NOT NULL,
	"author" text,
	"published_at" timestamp with time zone,
	"seen_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "veille_sources" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"channel_id" text NOT NULL,
	"url" text NOT NULL,
	"title" text NOT NULL,
	"keywords" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"added_by" text NOT NULL,
	"etag" text,
	"last_modified" text,
	"next_poll_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_ok_at" timestamp with time zone,
	"failing_since" timestamp with time zone,
	"failures" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "veille_channels" ADD CONSTRAINT "veille_channels_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "veille_items" ADD CONSTRAINT "veille_items_source_id_veille_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."veille_sources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "veille_sources" ADD CONSTRAINT "veille_sources_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "veille_items_source_key" ON "veille_items" USING btree ("source_id","item_key");--> statement-breakpoint
CREATE INDEX "veille_items_seen" ON "veille_items" USING btree ("source_id","seen_at");--> statement-breakpoint
CREATE UNIQUE INDEX "veille_sources_channel_url" ON "veille_sources" USING btree ("workspace_id","channel_id","url");--> statement-breakpoint
CREATE INDEX "veille_sources_due" ON "veille_sources" USING btree ("next_poll_at");