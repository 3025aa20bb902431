CREATE TABLE "playground_messages" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"channel" text NOT NULL,
	"author" text NOT NULL,
	"message" jsonb NOT NULL,
	"visible_to" text,
	"thread_of" text,
	"trigger" jsonb,
	"at" timestamp with time zone NOT NULL,
	"edited_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "playground_messages_channel" ON "playground_messages" USING btree ("channel","seq");