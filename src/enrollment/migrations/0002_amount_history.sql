CREATE TABLE "enrollment_amounts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"enrollment_id" uuid NOT NULL,
	"effective_from" date NOT NULL,
	"gross_premium_cents" integer NOT NULL,
	"aptc_cents" integer NOT NULL,
	"state_assistance_cents" integer NOT NULL,
	"net_premium_cents" integer NOT NULL,
	"max_aptc_cents" integer NOT NULL,
	"reason" text NOT NULL,
	"application_id" uuid,
	"actor" text NOT NULL,
	"actor_kind" text NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "enrollment_amounts_check" CHECK (gross_premium_cents >= 0 AND aptc_cents >= 0 AND state_assistance_cents >= 0 AND max_aptc_cents >= 0 AND net_premium_cents = greatest(0, gross_premium_cents - aptc_cents - state_assistance_cents))
);
--> statement-breakpoint
ALTER TABLE "enrollment_amounts" ADD CONSTRAINT "enrollment_amounts_enrollment_id_enrollments_id_fk" FOREIGN KEY ("enrollment_id") REFERENCES "public"."enrollments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollment_amounts" ADD CONSTRAINT "enrollment_amounts_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "enrollment_amounts_enrollment_idx" ON "enrollment_amounts" USING btree ("enrollment_id","effective_from","id");--> statement-breakpoint
-- Enrollments made before the history: their amounts as one row from the coverage start.
INSERT INTO "enrollment_amounts" ("enrollment_id", "effective_from", "gross_premium_cents", "aptc_cents", "state_assistance_cents", "net_premium_cents", "max_aptc_cents", "reason", "application_id", "actor", "actor_kind", "recorded_at")
SELECT id, coverage_start, gross_premium_cents, aptc_cents, state_assistance_cents, net_premium_cents, aptc_cents, 'selection', application_id, 'migration', 'system', created_at FROM "enrollments";
