import { eq } from 'drizzle-orm';
import type { Tx } from '../platform/database.js';
import { conflict, notFound } from '../platform/errors.js';
import { applications } from './schema.js';

export const APPLICATION_STEPS = ['people', 'address', 'income', 'review'] as const;
export type ApplicationStep = (typeof APPLICATION_STEPS)[number];

/** Locks a draft application for an edit; a submitted one can no longer change. */
export async function lockDraft(tx: Tx, applicationId: string) {
  const [app] = await tx.select().from(applications).where(eq(applications.id, applicationId)).for('update');
  if (!app) throw notFound();
  if (app.status !== 'draft') throw conflict('errors.application.notDraft');
  return app;
}

/** Remembers the furthest step reached, so the application resumes there. */
export function furthestStep(current: string, reached: ApplicationStep): ApplicationStep {
  const i = APPLICATION_STEPS.indexOf(current as ApplicationStep);
  const j = APPLICATION_STEPS.indexOf(reached);
  return APPLICATION_STEPS[Math.max(i, j)]!;
}

export async function markStep(tx: Tx, app: { id: string; step: string }, reached: ApplicationStep, at: Date): Promise<void> {
  await tx
    .update(applications)
    .set({ step: furthestStep(app.step, reached), updatedAt: at })
    .where(eq(applications.id, app.id));
}
