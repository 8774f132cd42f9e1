import { recordAudit } from '../audit/record-audit.js';
import type { Tx } from '../platform/database.js';
import { invalidInput } from '../platform/errors.js';
import { localDay } from './dates.js';
import { lifeEventReportable, sepWindowEnd } from './enrollment-periods.js';
import { specialEnrollmentPeriods, type LifeEvent } from './schema.js';
import type { ActingParty } from './transition-enrollment.js';

/** Records a life event and opens its special enrollment period (60 days from the event). */
export async function reportLifeEvent(
  tx: Tx,
  deps: { timeZone: string },
  input: { householdId: string; event: LifeEvent; eventDate: string; reportedBy: string | null; actor: ActingParty; at: Date },
): Promise<{ sepId: string; windowEndsOn: string }> {
  const today = localDay(input.at, deps.timeZone);
  const verdict = lifeEventReportable(input.eventDate, today);
  if (verdict !== 'ok') throw invalidInput([{ field: 'eventDate', messageKey: verdict === 'future' ? 'errors.lifeEvent.future' : 'errors.lifeEvent.tooLate' }]);
  const windowEndsOn = sepWindowEnd(input.eventDate);
  const [row] = await tx
    .insert(specialEnrollmentPeriods)
    .values({ householdId: input.householdId, event: input.event, eventDate: input.eventDate, windowEndsOn, reportedBy: input.reportedBy, reportedAt: input.at })
    .returning({ id: specialEnrollmentPeriods.id });
  await recordAudit(tx, {
    actor: input.actor.id,
    actorKind: input.actor.kind,
    ip: input.actor.ip,
    action: 'enrollment.life-event-reported',
    objectType: 'household',
    objectId: input.householdId,
    // No dates: a birth's event date is a date of birth.
    details: { sepId: row!.id, event: input.event },
    at: input.at,
  });
  return { sepId: row!.id, windowEndsOn };
}
