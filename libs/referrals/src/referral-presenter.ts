import { Injectable } from '@nestjs/common';
import { Clock, FieldCipher, maskedNumber, maskedText } from '@app/core';
import { allowedReferralActions, ReferralActor } from './lifecycle';
import { deadlineStateOf } from './referral-deadlines';
import { HistoryEntry, ReferralRecord, SnapshotRecord } from './referral.repository';
import { ReferralSummaryView, ReferralView, SharedContentView } from './referral.views';
import { NARRATIVE_KEY, reasonContext, SnapshotContent, snapshotContext } from './snapshot';

/** Turns referral records into the views each side may see: police never get centre-only data, a centre never the case id. */
@Injectable()
export class ReferralPresenter {
  constructor(
    private readonly cipher: FieldCipher,
    private readonly clock: Clock,
  ) {}

  summary(record: ReferralRecord, forCentre: boolean): ReferralSummaryView {
    const now = this.clock.now();
    return {
      id: record.id,
      reference: record.reference,
      status: record.status,
      category: record.category,
      urgency: record.urgency,
      services: record.services,
      reason: this.cipher.decrypt(record.reasonEnc, reasonContext(record.id)),
      centreId: record.centreId,
      referringUnitId: record.referringUnitId,
      caseId: forCentre ? null : record.caseId,
      subjects: record.summary,
      sentAt: record.sentAt.toISOString(),
      deadlineAt: record.deadlineAt.toISOString(),
      deadlineState: record.status === 'pending' ? deadlineStateOf(record, now) : null,
      overdue: record.status === 'pending' && now >= record.deadlineAt,
      holderName: record.holderName,
      outcome: record.outcome,
      version: record.version,
    };
  }

  detail(record: ReferralRecord, context: { forCentre: boolean; actors: ReferralActor[]; history: HistoryEntry[]; snapshot?: SnapshotRecord }): ReferralView {
    return {
      ...this.summary(record, context.forCentre),
      acceptedAt: record.acceptedAt?.toISOString() ?? null,
      startedAt: record.startedAt?.toISOString() ?? null,
      endedAt: record.endedAt?.toISOString() ?? null,
      declineReason: record.declineReason,
      withdrawalReason: record.withdrawalReason,
      redirectedFromId: record.redirectedFromId,
      redirectedToId: record.redirectedToId,
      sharedFields: Object.entries(record.sharedFields).map(([subjectId, fields]) => ({ subjectId, fields })),
      shared: context.snapshot && context.forCentre ? this.shared(context.snapshot) : null,
      allowedActions: allowedReferralActions(record.status, context.actors),
      history: context.history.map((entry) => ({
        action: entry.action,
        fromState: entry.fromState,
        toState: entry.toState,
        at: entry.at.toISOString(),
        reasonCode: entry.reasonCode,
        byCentre: entry.actorUnitId === record.centreId,
      })),
    };
  }

  content(snapshot: SnapshotRecord): SnapshotContent {
    return JSON.parse(this.cipher.decrypt(snapshot.contentEnc, snapshotContext(snapshot.id))) as SnapshotContent;
  }

  /** The shared values, sensitive ones masked (names, age and sex are what the holder works with). */
  private shared(snapshot: SnapshotRecord): SharedContentView {
    const content = this.content(snapshot);
    return {
      seq: snapshot.seq,
      at: snapshot.createdAt.toISOString(),
      narrative: 'narrative' in content ? maskedText(content.narrative) : null,
      narrativeChanged: (snapshot.changed[NARRATIVE_KEY] ?? []).length > 0,
      subjects: content.subjects.map(({ subjectId, role, client, values }) => ({
        subjectId,
        role,
        client,
        fields: snapshot.fields[subjectId] ?? [],
        changed: snapshot.changed[subjectId] ?? [],
        nameAr: values.nameAr ?? null,
        nameLatin: values.nameLatin ?? null,
        birthDate: values.birthDate ?? null,
        age: values.age ?? null,
        sex: values.sex ?? null,
        nationality: values.nationality ?? null,
        phones: (values.phones ?? []).map(maskedNumber),
        safeContact: values.safeContact
          ? {
              callSafe: values.safeContact.callSafe,
              messageSafe: values.safeContact.messageSafe,
              safeHours: values.safeContact.safeHours,
              note: maskedText(values.safeContact.note),
            }
          : null,
        address: maskedText(values.address),
        document: maskedNumber(values.document?.number),
      })),
    };
  }
}
