CREATE TABLE "notice_campaigns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"notice_type" text NOT NULL,
	"audience" text NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"start_at" timestamp with time zone NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status_changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status_changed_by" text,
	"reason" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notice_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"message_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"kind" text NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notice_links" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"message_id" uuid NOT NULL,
	"target" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notice_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"type" text NOT NULL,
	"recipient_id" uuid NOT NULL,
	"campaign_id" uuid,
	"channel" text NOT NULL,
	"lang" text NOT NULL,
	"data" jsonb NOT NULL,
	"state" text DEFAULT 'queued' NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"available_at" timestamp with time zone NOT NULL,
	"latest_useful_at" timestamp with time zone,
	"held_until" timestamp with time zone,
	"held_for" text[] DEFAULT '{}'::text[] NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"variant" text,
	"capability_snapshot" jsonb,
	"decided_at" timestamp with time zone,
	"sent_at" timestamp with time zone,
	"claimed_by" text,
	"lease_until" timestamp with time zone,
	"last_error" text,
	"dedupe_key" text,
	"transport_ref" text,
	"short_code_hash" text,
	"follows_message_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notice_recipients" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid,
	"household_id" uuid,
	"first_name" text NOT NULL,
	"last_name" text DEFAULT '' NOT NULL,
	"language" text DEFAULT 'en' NOT NULL,
	"email" text,
	"phone" text,
	"mailing_address" jsonb,
	"delivery" text DEFAULT 'paper' NOT NULL,
	"texts_opt_in" boolean DEFAULT false NOT NULL,
	"reminders_opt_out" boolean DEFAULT false NOT NULL,
	"quiet_start" text DEFAULT '21:00' NOT NULL,
	"quiet_end" text DEFAULT '08:00' NOT NULL,
	"demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "notice_events" ADD CONSTRAINT "notice_events_message_id_notice_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."notice_messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notice_links" ADD CONSTRAINT "notice_links_message_id_notice_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."notice_messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notice_messages" ADD CONSTRAINT "notice_messages_recipient_id_notice_recipients_id_fk" FOREIGN KEY ("recipient_id") REFERENCES "public"."notice_recipients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notice_messages" ADD CONSTRAINT "notice_messages_campaign_id_notice_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."notice_campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notice_recipients" ADD CONSTRAINT "notice_recipients_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notice_campaigns_status_idx" ON "notice_campaigns" USING btree ("status");--> statement-breakpoint
CREATE INDEX "notice_events_message_idx" ON "notice_events" USING btree ("message_id","id");--> statement-breakpoint
CREATE INDEX "notice_events_kind_idx" ON "notice_events" USING btree ("kind","at");--> statement-breakpoint
CREATE INDEX "notice_links_message_idx" ON "notice_links" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "notice_messages_due_idx" ON "notice_messages" USING btree ("available_at") WHERE state = 'queued';--> statement-breakpoint
CREATE INDEX "notice_messages_sending_idx" ON "notice_messages" USING btree ("lease_until") WHERE state = 'sending';--> statement-breakpoint
CREATE INDEX "notice_messages_held_idx" ON "notice_messages" USING btree ("latest_useful_at") WHERE state = 'held';--> statement-breakpoint
CREATE INDEX "notice_messages_campaign_idx" ON "notice_messages" USING btree ("campaign_id","state");--> statement-breakpoint
CREATE INDEX "notice_messages_recipient_idx" ON "notice_messages" USING btree ("recipient_id");--> statement-breakpoint
CREATE INDEX "notice_messages_state_idx" ON "notice_messages" USING btree ("state","updated_at");--> statement-breakpoint
CREATE UNIQUE INDEX "notice_messages_dedupe_idx" ON "notice_messages" USING btree ("dedupe_key") WHERE dedupe_key IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "notice_recipients_account_idx" ON "notice_recipients" USING btree ("account_id") WHERE account_id IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "notice_recipients_household_idx" ON "notice_recipients" USING btree ("household_id") WHERE household_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX "notice_recipients_demo_idx" ON "notice_recipients" USING btree ("demo") WHERE demo;