CREATE TABLE "notice_delivery_reports" (
	"key" text PRIMARY KEY NOT NULL,
	"seq" bigserial NOT NULL,
	"message_id" uuid NOT NULL,
	"status" text NOT NULL,
	"reported_at" timestamp with time zone,
	"received_at" timestamp with time zone NOT NULL,
	"applied_at" timestamp with time zone,
	"outcome" text DEFAULT 'pending' NOT NULL
);
--> statement-breakpoint
ALTER TABLE "notice_delivery_reports" ADD CONSTRAINT "notice_delivery_reports_message_id_notice_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."notice_messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notice_delivery_reports_pending_idx" ON "notice_delivery_reports" USING btree ("seq") WHERE applied_at IS NULL;--> statement-breakpoint
CREATE INDEX "notice_delivery_reports_message_idx" ON "notice_delivery_reports" USING btree ("message_id");