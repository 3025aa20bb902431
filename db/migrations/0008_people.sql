CREATE TABLE "people" (
	"workspace_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"locale" text,
	"timezone" text,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "people_workspace_id_user_id_pk" PRIMARY KEY("workspace_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "veille_channels" ADD COLUMN "time_set_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;