CREATE TABLE "capabilities" (
	"id" text PRIMARY KEY NOT NULL,
	"status" text DEFAULT 'operational' NOT NULL,
	"reason_en" text DEFAULT '' NOT NULL,
	"reason_es" text DEFAULT '' NOT NULL,
	"internal_note" text DEFAULT '' NOT NULL,
	"set_by_kind" text DEFAULT 'system' NOT NULL,
	"set_by_id" text DEFAULT 'seed' NOT NULL,
	"since" timestamp with time zone DEFAULT now() NOT NULL,
	"expected_end" timestamp with time zone,
	"alternatives" text[] DEFAULT '{}'::text[] NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "capability_events" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"capability_id" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"previous_status" text NOT NULL,
	"reason_en" text DEFAULT '' NOT NULL,
	"reason_es" text DEFAULT '' NOT NULL,
	"internal_note" text DEFAULT '' NOT NULL,
	"set_by_kind" text NOT NULL,
	"set_by_id" text NOT NULL,
	"expected_end" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "capability_page_visits" (
	"capability_id" text NOT NULL,
	"session_hash" text NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	CONSTRAINT "capability_page_visits_capability_id_session_hash_pk" PRIMARY KEY("capability_id","session_hash")
);
--> statement-breakpoint
CREATE TABLE "maintenance_windows" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"capability_id" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"reason_en" text NOT NULL,
	"reason_es" text DEFAULT '' NOT NULL,
	"internal_note" text DEFAULT '' NOT NULL,
	"state" text DEFAULT 'scheduled' NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "capability_events" ADD CONSTRAINT "capability_events_capability_id_capabilities_id_fk" FOREIGN KEY ("capability_id") REFERENCES "public"."capabilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "maintenance_windows" ADD CONSTRAINT "maintenance_windows_capability_id_capabilities_id_fk" FOREIGN KEY ("capability_id") REFERENCES "public"."capabilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "capability_events_capability_idx" ON "capability_events" USING btree ("capability_id","at");--> statement-breakpoint
CREATE INDEX "capability_page_visits_recent_idx" ON "capability_page_visits" USING btree ("capability_id","last_seen_at");--> statement-breakpoint
CREATE INDEX "maintenance_windows_due_idx" ON "maintenance_windows" USING btree ("state","starts_at");
--> statement-breakpoint
CREATE FUNCTION capabilities_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Delivered to every LISTENing process when the transaction commits.
  PERFORM pg_notify('candor_capabilities', TG_TABLE_NAME);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER capabilities_changed AFTER INSERT OR UPDATE OR DELETE ON "capabilities" FOR EACH STATEMENT EXECUTE FUNCTION capabilities_notify();
--> statement-breakpoint
CREATE TRIGGER maintenance_windows_changed AFTER INSERT OR UPDATE OR DELETE ON "maintenance_windows" FOR EACH STATEMENT EXECUTE FUNCTION capabilities_notify();
--> statement-breakpoint
CREATE FUNCTION capability_events_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'capability_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER capability_events_no_update BEFORE UPDATE OR DELETE ON "capability_events" FOR EACH ROW EXECUTE FUNCTION capability_events_is_append_only();
--> statement-breakpoint
INSERT INTO "capabilities" ("id", "alternatives") VALUES
  ('sign-in', ARRAY['call-centre']::text[]),
  ('applications', ARRAY['call-centre', 'mail-application']::text[]),
  ('identity-proofing', ARRAY['call-centre', 'mail-documents']::text[]),
  ('hub-verification', ARRAY['document-upload', 'mail-documents']::text[]),
  ('plan-shopping', ARRAY['call-centre']::text[]),
  ('enrollment', ARRAY['call-centre', 'mail-application']::text[]),
  ('online-payment', ARRAY['phone-payment', 'mail-payment']::text[]),
  ('phone-payment', ARRAY['online-payment', 'mail-payment']::text[]),
  ('mail-payment', ARRAY['online-payment', 'phone-payment']::text[]),
  ('document-upload', ARRAY['mail-documents', 'call-centre']::text[]),
  ('call-centre', ARRAY[]::text[]),
  ('email-notices', ARRAY['letter-notices']::text[]),
  ('letter-notices', ARRAY['email-notices']::text[]),
  ('text-notices', ARRAY['email-notices', 'letter-notices']::text[])
ON CONFLICT ("id") DO NOTHING;
