CREATE TABLE "payment_allocations" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"payment_id" uuid NOT NULL,
	"invoice_id" uuid,
	"cents" integer NOT NULL,
	"kind" text NOT NULL,
	"refund_id" uuid,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "call_notes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"household_id" uuid NOT NULL,
	"agent_id" uuid NOT NULL,
	"topic" text NOT NULL,
	"note" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lockbox_batches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"file_sha256" text NOT NULL,
	"file_name" text NOT NULL,
	"imported_by" text NOT NULL,
	"imported_at" timestamp with time zone NOT NULL,
	"lines" integer DEFAULT 0 NOT NULL,
	"posted" integer DEFAULT 0 NOT NULL,
	"exceptions" integer DEFAULT 0 NOT NULL,
	"posted_cents" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lockbox_exceptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"batch_id" uuid NOT NULL,
	"line_number" integer NOT NULL,
	"item_key" text NOT NULL,
	"reference_as_written" text DEFAULT '' NOT NULL,
	"amount_cents" integer,
	"check_number" text DEFAULT '' NOT NULL,
	"deposit_date" date,
	"payer_name" text DEFAULT '' NOT NULL,
	"reason" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"resolved_by" uuid,
	"resolved_at" timestamp with time zone,
	"payment_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"idempotency_key" text NOT NULL,
	"household_id" uuid NOT NULL,
	"invoice_id" uuid,
	"channel" text NOT NULL,
	"method" text,
	"last4" text,
	"amount_cents" integer NOT NULL,
	"status" text DEFAULT 'created' NOT NULL,
	"processor_session_id" text,
	"processor_charge_id" text,
	"failure_code" text,
	"check_number" text,
	"lockbox_batch_id" uuid,
	"received_on" date,
	"initiated_by" uuid,
	"taken_by" uuid,
	"refunded_cents" integer DEFAULT 0 NOT NULL,
	"applied_at" timestamp with time zone,
	"reversed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payments_amount_check" CHECK (amount_cents > 0 AND refunded_cents >= 0 AND refunded_cents <= amount_cents)
);
--> statement-breakpoint
CREATE TABLE "payment_processor_events" (
	"event_id" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"charge_id" text NOT NULL,
	"outcome" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payment_reconciliation_reports" (
	"report_date" date PRIMARY KEY NOT NULL,
	"generated_at" timestamp with time zone NOT NULL,
	"processor_count" integer NOT NULL,
	"ledger_count" integer NOT NULL,
	"processor_cents" integer NOT NULL,
	"ledger_cents" integer NOT NULL,
	"matched" integer NOT NULL,
	"items" jsonb DEFAULT '[]'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payment_refunds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"payment_id" uuid NOT NULL,
	"idempotency_key" text NOT NULL,
	"amount_cents" integer NOT NULL,
	"status" text DEFAULT 'requested' NOT NULL,
	"processor_refund_id" text,
	"reason" text NOT NULL,
	"requested_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "payment_allocations" ADD CONSTRAINT "payment_allocations_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_allocations" ADD CONSTRAINT "payment_allocations_invoice_id_billing_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."billing_invoices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_notes" ADD CONSTRAINT "call_notes_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_notes" ADD CONSTRAINT "call_notes_agent_id_accounts_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lockbox_exceptions" ADD CONSTRAINT "lockbox_exceptions_batch_id_lockbox_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."lockbox_batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lockbox_exceptions" ADD CONSTRAINT "lockbox_exceptions_resolved_by_accounts_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lockbox_exceptions" ADD CONSTRAINT "lockbox_exceptions_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_invoice_id_billing_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."billing_invoices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_initiated_by_accounts_id_fk" FOREIGN KEY ("initiated_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_taken_by_accounts_id_fk" FOREIGN KEY ("taken_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_refunds" ADD CONSTRAINT "payment_refunds_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_refunds" ADD CONSTRAINT "payment_refunds_requested_by_accounts_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "payment_allocations_payment_idx" ON "payment_allocations" USING btree ("payment_id");--> statement-breakpoint
CREATE INDEX "payment_allocations_invoice_idx" ON "payment_allocations" USING btree ("invoice_id");--> statement-breakpoint
CREATE INDEX "call_notes_household_idx" ON "call_notes" USING btree ("household_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "lockbox_batches_file_idx" ON "lockbox_batches" USING btree ("file_sha256");--> statement-breakpoint
CREATE INDEX "lockbox_exceptions_open_idx" ON "lockbox_exceptions" USING btree ("status","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "lockbox_exceptions_item_idx" ON "lockbox_exceptions" USING btree ("item_key");--> statement-breakpoint
CREATE UNIQUE INDEX "payments_idempotency_idx" ON "payments" USING btree ("idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "payments_session_idx" ON "payments" USING btree ("processor_session_id") WHERE processor_session_id IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "payments_charge_idx" ON "payments" USING btree ("processor_charge_id") WHERE processor_charge_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX "payments_household_idx" ON "payments" USING btree ("household_id","created_at");--> statement-breakpoint
CREATE INDEX "payments_received_idx" ON "payments" USING btree ("received_on");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_refunds_idempotency_idx" ON "payment_refunds" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "payment_refunds_payment_idx" ON "payment_refunds" USING btree ("payment_id");--> statement-breakpoint
-- An invoice's paid_cents is the sum of the allocations to it, kept by the database so it cannot drift.
CREATE FUNCTION payment_allocations_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.invoice_id IS NOT NULL THEN
    UPDATE billing_invoices
       SET paid_cents = paid_cents + NEW.cents,
           status = CASE WHEN status = 'void' THEN 'void' WHEN paid_cents + NEW.cents >= amount_cents THEN 'paid' ELSE 'open' END,
           updated_at = NEW.at
     WHERE id = NEW.invoice_id;
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER payment_allocations_apply AFTER INSERT ON payment_allocations FOR EACH ROW EXECUTE FUNCTION payment_allocations_apply();
--> statement-breakpoint
CREATE FUNCTION payment_allocations_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'payment_allocations is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER payment_allocations_no_change BEFORE UPDATE OR DELETE ON payment_allocations FOR EACH ROW EXECUTE FUNCTION payment_allocations_append_only();
