CREATE TABLE "hub_data_keys" (
	"version" integer PRIMARY KEY NOT NULL,
	"wrapped" text NOT NULL,
	"wrapped_with" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "hub_documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"inconsistency_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"media_type" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"sha256" text NOT NULL,
	"key_version" integer NOT NULL,
	"content" "bytea" NOT NULL,
	"status" text DEFAULT 'submitted' NOT NULL,
	"uploaded_by" uuid,
	"uploaded_at" timestamp with time zone NOT NULL,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone,
	"rejection_reason" text
);
--> statement-breakpoint
CREATE TABLE "hub_identity_proofings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"outcome" text NOT NULL,
	"reference" text,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hub_inconsistencies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"verification_id" uuid NOT NULL,
	"application_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"member_id" uuid,
	"element" text NOT NULL,
	"reason" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"notice_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"extended_by" uuid,
	"extended_at" timestamp with time zone,
	"reminders_sent" integer DEFAULT 0 NOT NULL,
	"resolved_at" timestamp with time zone,
	"resolved_by" uuid,
	"outcome" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hub_link_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"action" text NOT NULL,
	"reason" text NOT NULL,
	"actor" text NOT NULL,
	"actor_kind" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hub_verification_queue" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigserial NOT NULL,
	"verification_id" uuid NOT NULL,
	"application_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"element" text NOT NULL,
	"service" text NOT NULL,
	"purpose" text NOT NULL,
	"requested_by" text NOT NULL,
	"requested_by_kind" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_failure" text,
	"not_before" timestamp with time zone,
	"enqueued_at" timestamp with time zone NOT NULL,
	"completed_at" timestamp with time zone,
	"outcome" text
);
--> statement-breakpoint
ALTER TABLE "hub_documents" ADD CONSTRAINT "hub_documents_inconsistency_id_hub_inconsistencies_id_fk" FOREIGN KEY ("inconsistency_id") REFERENCES "public"."hub_inconsistencies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hub_documents" ADD CONSTRAINT "hub_documents_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hub_documents" ADD CONSTRAINT "hub_documents_uploaded_by_accounts_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hub_documents" ADD CONSTRAINT "hub_documents_reviewed_by_accounts_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hub_identity_proofings" ADD CONSTRAINT "hub_identity_proofings_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hub_inconsistencies" ADD CONSTRAINT "hub_inconsistencies_verification_id_verifications_id_fk" FOREIGN KEY ("verification_id") REFERENCES "public"."verifications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hub_inconsistencies" ADD CONSTRAINT "hub_inconsistencies_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hub_inconsistencies" ADD CONSTRAINT "hub_inconsistencies_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hub_inconsistencies" ADD CONSTRAINT "hub_inconsistencies_member_id_household_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."household_members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hub_inconsistencies" ADD CONSTRAINT "hub_inconsistencies_extended_by_accounts_id_fk" FOREIGN KEY ("extended_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hub_inconsistencies" ADD CONSTRAINT "hub_inconsistencies_resolved_by_accounts_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hub_verification_queue" ADD CONSTRAINT "hub_verification_queue_verification_id_verifications_id_fk" FOREIGN KEY ("verification_id") REFERENCES "public"."verifications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hub_verification_queue" ADD CONSTRAINT "hub_verification_queue_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hub_verification_queue" ADD CONSTRAINT "hub_verification_queue_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "hub_documents_inconsistency_idx" ON "hub_documents" USING btree ("inconsistency_id");--> statement-breakpoint
CREATE INDEX "hub_documents_review_idx" ON "hub_documents" USING btree ("uploaded_at") WHERE status = 'submitted';--> statement-breakpoint
CREATE INDEX "hub_identity_account_idx" ON "hub_identity_proofings" USING btree ("account_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "hub_inconsistencies_verification_idx" ON "hub_inconsistencies" USING btree ("verification_id") WHERE status = 'open';--> statement-breakpoint
CREATE INDEX "hub_inconsistencies_open_idx" ON "hub_inconsistencies" USING btree ("ends_on") WHERE status = 'open';--> statement-breakpoint
CREATE INDEX "hub_inconsistencies_household_idx" ON "hub_inconsistencies" USING btree ("household_id");--> statement-breakpoint
CREATE UNIQUE INDEX "hub_queue_seq_idx" ON "hub_verification_queue" USING btree ("seq");--> statement-breakpoint
CREATE INDEX "hub_queue_waiting_idx" ON "hub_verification_queue" USING btree ("seq") WHERE status = 'queued';--> statement-breakpoint
CREATE UNIQUE INDEX "hub_queue_verification_idx" ON "hub_verification_queue" USING btree ("verification_id") WHERE status = 'queued';