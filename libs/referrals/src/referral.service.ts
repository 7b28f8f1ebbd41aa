import { randomUUID } from 'node:crypto';
import { HttpStatus, Injectable } from '@nestjs/common';
import { AuditTrail } from '@app/audit';
import { CaseParty, CaseRoster, PartyProfile } from '@app/cases';
import { Clock, DomainException, FieldCipher, FieldError, RecordNotFoundException, TransitionNotAllowedException } from '@app/core';
import { DataCategory, SharingCheck, SharingDecision } from '@app/consent';
import { createOnce, PageRequest, TransactionRunner } from '@app/database';
import { AccessService, CentreProfile, Directory, RecordScope } from '@app/identity';
import { OutboxAudience, OutboxWriter } from '@app/queue';
import { CentreSuggestionsDto, ListReferralsQueryDto, SendReferralDto, SharedSubjectDto } from './dto/referral.dto';
import { ACTIVE_STATES } from './lifecycle';
import { separationBreaches } from './party-separation';
import { ReferralAccess } from './referral-access';
import { ReferralDeadlines } from './referral-deadlines';
import { ReferralPresenter } from './referral-presenter';
import { ReferralTransitions } from './referral-transitions';
import { isSecondActiveReferral, ReferralRecord, ReferralRepository, SharedFields, SubjectSummary } from './referral.repository';
import { CentreSuggestionListView, ReferralListView, ReferralPageView, ReferralRevealView, ReferralView } from './referral.views';
import { ReferralErrorCode, referralRuleBroken } from './referrals.exception';
import { changedFields, reasonContext, SnapshotContent, snapshotContext, snapshotOf } from './snapshot';
import { ageBandOf, FIELD_CATEGORIES, RevealableField, SharedField } from './vocabulary';

/** What a new referral carries, from the officer's request or from the overdue referral a supervisor redirects. */
export interface ReferralRequest {
  centreId: string;
  clientSubjectIds: string[];
  services: string[];
  urgency: string;
  reason: string;
  shared: SharedSubjectDto[];
}

const alreadyActive = () =>
  new DomainException(ReferralErrorCode.REFERRAL_ALREADY_ACTIVE, HttpStatus.CONFLICT, 'This case already has an active referral to that centre');

const sharedFieldsOf = (shared: readonly SharedSubjectDto[]): SharedFields =>
  Object.fromEntries(shared.map((subject) => [subject.subjectId, [...subject.fields]]));

const categoriesOf = (fields: readonly SharedField[]): DataCategory[] => [...new Set(fields.map((field) => FIELD_CATEGORIES[field]))];

/**
 * Sending a case to a partner centre and reading referrals. A referral leaves only when consent or an
 * approved legal basis covers every shared subject and data category at the clock, and party-aware
 * separation allows each field; it carries a snapshot of exactly the fields shared, encrypted.
 */
@Injectable()
export class ReferralService {
  constructor(
    private readonly referrals: ReferralRepository,
    private readonly referralAccess: ReferralAccess,
    private readonly presenter: ReferralPresenter,
    private readonly transitions: ReferralTransitions,
    private readonly deadlines: ReferralDeadlines,
    private readonly roster: CaseRoster,
    private readonly sharing: SharingCheck,
    private readonly directory: Directory,
    private readonly access: AccessService,
    private readonly audit: AuditTrail,
    private readonly outbox: OutboxWriter,
    private readonly cipher: FieldCipher,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  send(caseId: string, input: SendReferralDto, idempotencyKey: string | undefined): Promise<ReferralView> {
    return this.tx.run(async () => {
      const scope = await this.roster.scope(caseId);
      const { id } = await createOnce(this.tx.manager, {
        key: idempotencyKey,
        operation: 'referral.send',
        userId: this.access.actor().userId,
        body: { caseId, ...input },
        at: this.clock.now(),
        create: () => this.create(scope, input, null),
      });
      return this.detail(await this.referralAccess.referralScope(id));
    });
  }

  /**
   * Creates the referral with its first snapshot, moves the case, and writes its trail and outbox
   * rows; answers its id. Shared by sending and by a supervisor's redirect.
   */
  async create(scope: RecordScope<'case'>, input: ReferralRequest, redirectedFromId: string | null): Promise<string> {
    const { parties } = await this.roster.partiesOf(scope);
    const centre = await this.directory.activeCentre(input.centreId);
    if (!centre)
      throw referralRuleBroken(ReferralErrorCode.UNKNOWN_CENTRE, 'Not an active partner centre', [field('centreId', ReferralErrorCode.UNKNOWN_CENTRE)]);
    this.assertShareable(parties, centre, input);
    const live = (await this.referrals.ofCase(scope)).filter((referral) => ACTIVE_STATES.includes(referral.status));
    if (live.some((referral) => referral.centreId === centre.id)) throw alreadyActive();
    const decision = await this.assertSeparatedAndConsented(scope, parties, input, live);
    const id = randomUUID();
    const now = this.clock.now();
    const facts = await this.roster.caseFacts(scope);
    const shared = sharedFieldsOf(input.shared);
    const profiles = await this.roster.profilesOf(scope, Object.keys(shared));
    try {
      await this.referrals.insert(
        {
          id,
          caseId: scope.id,
          referringUnitId: this.access.actor().unitId,
          centreId: centre.id,
          clientSubjectIds: input.clientSubjectIds,
          services: [...input.services].sort(),
          category: facts.category,
          urgency: input.urgency,
          reasonEnc: this.cipher.encrypt(input.reason, reasonContext(id)),
          summary: this.summaryOf(profiles, input.clientSubjectIds),
          sharedFields: shared,
          reliedConsentIds: decision.reliedOn.consentIds,
          reliedLegalBasisIds: decision.reliedOn.legalBasisIds,
          validUntil: decision.validUntil,
          sentBy: this.access.actor().userId,
          sentAt: now,
          ...(await this.deadlines.forReferral(centre, input.urgency, now)),
          redirectedFromId,
        },
        now,
      );
    } catch (error) {
      if (isSecondActiveReferral(error)) throw alreadyActive();
      throw error;
    }
    await this.writeSnapshot(id, shared, snapshotOf(profiles, shared, input.clientSubjectIds, facts.narrative), undefined);
    await this.transitions.recordSent({ id, caseId: scope.id }, { centreId: centre.id, ...(redirectedFromId ? { redirectedFromId } : {}) });
    await this.audit.record({
      action: 'referral.sent',
      objectType: 'referral',
      objectId: id,
      caseId: scope.id,
      detail: { centreId: centre.id, urgency: input.urgency, services: [...input.services].sort(), shared, ...(redirectedFromId ? { redirectedFromId } : {}) },
    });
    await this.roster.noteInTimeline(scope, 'referral_sent', { referralId: id, centreId: centre.id });
    await this.outbox.write({ event: 'referral.sent', recordType: 'referral', recordId: id, audiences: [OutboxAudience.CentreOffice] });
    return id;
  }

  /** A new snapshot of the shared fields, re-checked against consent and separation like a new referral. */
  update(id: string, shared: SharedSubjectDto[]): Promise<ReferralView> {
    return this.tx.run(async () => {
      const referralScope = await this.referralAccess.referralScope(id);
      const record = await this.load(referralScope);
      if (!ACTIVE_STATES.includes(record.status)) throw new TransitionNotAllowedException('update', record.status);
      const scope = await this.roster.scope(record.caseId);
      const { parties } = await this.roster.partiesOf(scope);
      const centre = await this.directory.activeCentre(record.centreId);
      if (!centre) throw referralRuleBroken(ReferralErrorCode.UNKNOWN_CENTRE, 'The centre is no longer active');
      const input: ReferralRequest = { ...record, reason: '', shared };
      this.assertShareable(parties, centre, input);
      const others = (await this.referrals.ofCase(scope)).filter((other) => other.id !== id && ACTIVE_STATES.includes(other.status));
      const decision = await this.assertSeparatedAndConsented(scope, parties, input, others);
      const fields = sharedFieldsOf(shared);
      const previous = await this.referrals.latestSnapshot(id);
      const profiles = await this.roster.profilesOf(scope, Object.keys(fields));
      const content = snapshotOf(profiles, fields, record.clientSubjectIds, (await this.roster.caseFacts(scope)).narrative);
      const changed = await this.writeSnapshot(id, fields, content, previous && this.presenter.content(previous));
      await this.referrals.setSharing(
        id,
        {
          sharedFields: fields,
          summary: this.summaryOf(profiles, record.clientSubjectIds),
          reliedConsentIds: decision.reliedOn.consentIds,
          reliedLegalBasisIds: decision.reliedOn.legalBasisIds,
          validUntil: decision.validUntil,
        },
        this.clock.now(),
      );
      await this.audit.record({ action: 'referral.updated', objectType: 'referral', objectId: id, caseId: record.caseId, detail: { shared: fields, changed } });
      await this.outbox.write({ event: 'referral.updated', recordType: 'referral', recordId: id, audiences: [OutboxAudience.CentreOffice] });
      return this.detail(referralScope);
    });
  }

  get(id: string): Promise<ReferralView> {
    return this.tx.run(async () => {
      const scope = await this.referralAccess.referralScope(id);
      const view = await this.detail(scope);
      await this.audit.record({ action: 'referral.viewed', objectType: 'referral', objectId: id, caseId: view.caseId ?? undefined });
      return view;
    });
  }

  /** The referrals of a case the caller reads (police): status, holder, outcome, dates. */
  listOfCase(caseId: string): Promise<ReferralListView> {
    return this.tx.run(async () => {
      const scope = await this.roster.scope(caseId);
      const items = await this.referrals.ofCase(scope);
      await this.audit.record({ action: 'referral.listed', objectType: 'case', objectId: caseId, caseId, detail: { returned: items.length } });
      return { items: items.map((item) => this.presenter.summary(item, false)) };
    });
  }

  /** Police: the referrals of the cases the caller reads (a supervisor: the unit's), e.g. the overdue ones. */
  list(query: ListReferralsQueryDto): Promise<ReferralPageView> {
    return this.tx.run(async () => {
      const result = await this.referrals.list({ overdue: query.overdue, status: query.status, centreId: query.centreId }, this.clock.now(), query);
      const filters = (['overdue', 'status', 'centreId'] as const).filter((name) => query[name] !== undefined);
      await this.audit.record({ action: 'referral.listed', detail: { filters, returned: result.items.length } });
      return { items: result.items.map((item) => this.presenter.summary(item, false)), total: result.total, page: query.page, pageSize: query.pageSize };
    });
  }

  /** The caller centre's office queue: pending referrals, nearest deadline first, as summaries only. */
  queue(page: PageRequest): Promise<ReferralPageView> {
    return this.tx.run(async () => {
      const result = await this.referrals.queue(this.access.actor().unitId, this.clock.now(), page);
      await this.audit.record({ action: 'referral.queue_viewed', detail: { returned: result.items.length } });
      return { items: result.items.map((item) => this.presenter.summary(item, true)), total: result.total, page: page.page, pageSize: page.pageSize };
    });
  }

  /** The plaintext of shared sensitive fields, for the holder and the centre's managers; audited by field name. */
  reveal(id: string, fields: RevealableField[]): Promise<ReferralRevealView> {
    return this.tx.run(async () => {
      const scope = await this.referralAccess.referralScope(id);
      const record = await this.load(scope);
      const snapshot = await this.referrals.latestSnapshot(id);
      if (!snapshot) throw await this.audit.notFound('referral', id);
      const content = this.presenter.content(snapshot);
      await this.audit.record({ action: 'referral.revealed', objectType: 'referral', objectId: id, caseId: record.caseId, detail: { fields } });
      const wants = (name: RevealableField) => fields.includes(name);
      return {
        ...(wants('narrative') ? { narrative: content.narrative ?? null } : {}),
        subjects: content.subjects.map(({ subjectId, values }) => ({
          subjectId,
          ...(wants('phones') ? { phones: values.phones ?? null } : {}),
          ...(wants('address') ? { address: values.address ?? null } : {}),
          ...(wants('document') ? { document: values.document?.number ?? null } : {}),
          ...(wants('safeContactNote') ? { safeContactNote: values.safeContact?.note ?? null } : {}),
        })),
      };
    });
  }

  /** Active centres ranked for a case: those accepting its category first, then by how many wanted services they offer. */
  suggestCentres(input: CentreSuggestionsDto): Promise<CentreSuggestionListView> {
    return this.tx.run(async () => {
      const scope = await this.roster.scope(input.caseId);
      const { category } = await this.roster.caseFacts(scope);
      const live = new Set(
        (await this.referrals.ofCase(scope)).filter((referral) => ACTIVE_STATES.includes(referral.status)).map((referral) => referral.centreId),
      );
      const wanted = input.services ?? [];
      const items = (await this.directory.activeCentres())
        .map((centre) => ({
          centreId: centre.id,
          nameAr: centre.nameAr,
          nameEn: centre.nameEn,
          services: centre.services,
          acceptsCategory: centre.caseCategories.includes(category),
          matchingServices: wanted.filter((service) => centre.services.includes(service)),
          alreadyReferred: live.has(centre.id),
        }))
        .filter((centre) => centre.acceptsCategory || centre.matchingServices.length > 0)
        .sort(
          (a, b) =>
            Number(b.acceptsCategory) - Number(a.acceptsCategory) || b.matchingServices.length - a.matchingServices.length || a.nameEn.localeCompare(b.nameEn),
        );
      await this.audit.record({
        action: 'referral.centres_suggested',
        objectType: 'case',
        objectId: input.caseId,
        caseId: input.caseId,
        detail: { returned: items.length },
      });
      return { items };
    });
  }

  /** After a superseded consent: whether the ledger still allows what the referral shares (then it relies on the new records). */
  async stillAllowed(referralId: string): Promise<boolean> {
    const record = await this.load(await this.referralAccess.referralScope(referralId));
    const decision = await this.sharing.decide(await this.roster.scope(record.caseId), {
      centreId: record.centreId,
      services: record.services,
      subjects: Object.entries(record.sharedFields).map(([subjectId, fields]) => ({ subjectId, categories: categoriesOf(fields) })),
    });
    if (decision.allowed)
      await this.referrals.setReliance(
        record.id,
        { reliedConsentIds: decision.reliedOn.consentIds, reliedLegalBasisIds: decision.reliedOn.legalBasisIds, validUntil: decision.validUntil },
        this.clock.now(),
      );
    return decision.allowed;
  }

  /** The detail view of a referral the scope reaches. */
  async detail(scope: RecordScope<'referral'>): Promise<ReferralView> {
    const record = await this.load(scope);
    const actor = this.access.actor();
    const forCentre = this.referralAccess.isCentre(actor);
    // Row-level security answers no snapshot to a centre before acceptance, or to a counsellor who does not hold it.
    const snapshot = forCentre ? await this.referrals.latestSnapshot(record.id) : undefined;
    const history = await this.referrals.history(record.id);
    return this.presenter.detail(record, { forCentre, actors: this.referralAccess.actorsOf(record, actor), history, snapshot });
  }

  async load(scope: RecordScope<'referral'>): Promise<ReferralRecord> {
    const record = await this.referrals.findOne(scope);
    if (!record) throw new RecordNotFoundException();
    return record;
  }

  /** Subjects on the case, clients among the shared, services the centre offers: 422 naming the field otherwise. */
  private assertShareable(parties: readonly CaseParty[], centre: CentreProfile, input: ReferralRequest): void {
    const onCase = new Set(parties.map((party) => party.subjectId));
    const sharedIds = new Set(input.shared.map((subject) => subject.subjectId));
    const missing: FieldError[] = [
      ...input.shared.flatMap((subject, index) =>
        onCase.has(subject.subjectId) ? [] : [field(`shared.${index}.subjectId`, ReferralErrorCode.SUBJECT_NOT_ON_CASE)],
      ),
      ...input.clientSubjectIds.flatMap((id, index) => (onCase.has(id) ? [] : [field(`clientSubjectIds.${index}`, ReferralErrorCode.SUBJECT_NOT_ON_CASE)])),
    ];
    if (missing.length > 0) throw referralRuleBroken(ReferralErrorCode.SUBJECT_NOT_ON_CASE, 'A subject named is not on the case', missing);
    if (new Set(input.shared.map((subject) => subject.subjectId)).size !== input.shared.length) {
      throw referralRuleBroken(ReferralErrorCode.SUBJECT_NOT_ON_CASE, 'Each subject is listed once', [field('shared', ReferralErrorCode.SUBJECT_NOT_ON_CASE)]);
    }
    const unshared = input.clientSubjectIds.flatMap((id, index) =>
      sharedIds.has(id) ? [] : [field(`clientSubjectIds.${index}`, ReferralErrorCode.CLIENT_NOT_SHARED)],
    );
    if (unshared.length > 0) throw referralRuleBroken(ReferralErrorCode.CLIENT_NOT_SHARED, 'Share at least one field of each client', unshared);
    const notOffered = input.services.flatMap((service, index) =>
      centre.services.includes(service) ? [] : [field(`services.${index}`, ReferralErrorCode.SERVICE_NOT_OFFERED)],
    );
    if (notOffered.length > 0) throw referralRuleBroken(ReferralErrorCode.SERVICE_NOT_OFFERED, 'The centre does not offer a service asked for', notOffered);
  }

  /** Party-aware separation first (whatever consent says), then the sharing check at the clock. */
  private async assertSeparatedAndConsented(
    scope: RecordScope<'case'>,
    parties: readonly CaseParty[],
    input: ReferralRequest,
    live: readonly ReferralRecord[],
  ): Promise<SharingDecision> {
    const breaches = separationBreaches(parties, {
      clientSubjectIds: input.clientSubjectIds,
      shared: input.shared,
      otherClientSubjectIds: live.filter((referral) => referral.centreId === input.centreId).flatMap((referral) => referral.clientSubjectIds),
    });
    if (breaches.length > 0) {
      const index = (subjectId: string) => input.shared.findIndex((subject) => subject.subjectId === subjectId);
      throw referralRuleBroken(
        ReferralErrorCode.PARTY_SEPARATION,
        'Party-aware separation forbids sharing these fields with this centre',
        breaches.map((breach) => ({ field: `shared.${index(breach.subjectId)}.fields`, code: breach.rule, message: `${breach.field} may not be shared` })),
        { breaches: breaches.map((breach) => ({ subjectId: breach.subjectId, field: breach.field, rule: breach.rule })) },
      );
    }
    const decision = await this.sharing.decide(scope, {
      centreId: input.centreId,
      services: input.services,
      subjects: input.shared.map((subject) => ({ subjectId: subject.subjectId, categories: categoriesOf(subject.fields) })),
    });
    if (!decision.allowed) {
      const refused = decision.subjects.flatMap((subject, index) =>
        subject.categories
          .filter((category) => !category.allowed)
          .map((category) => ({ field: `shared.${index}.fields`, code: category.reasons[0], message: `${category.category}: ${category.reasons.join(', ')}` })),
      );
      throw referralRuleBroken(ReferralErrorCode.SHARING_NOT_ALLOWED, 'Consent or a legal basis does not cover everything shared', refused, {
        decision: {
          subjects: decision.subjects.map((subject) => ({
            subjectId: subject.subjectId,
            categories: subject.categories.map(({ category, allowed, reasons }) => ({ category, allowed, reasons })),
          })),
        },
      });
    }
    return decision;
  }

  /** The queue's summary of each shared subject: role, age band and sex, never a name. */
  private summaryOf(profiles: readonly PartyProfile[], clients: readonly string[]): SubjectSummary[] {
    return profiles.map((profile) => ({
      subjectId: profile.subjectId,
      role: profile.role,
      client: clients.includes(profile.subjectId),
      ageBand: ageBandOf(profile.age),
      sex: profile.sex,
    }));
  }

  /** Stores the values taken from the police's record now, encrypted; answers what changed since `previous`. */
  private async writeSnapshot(referralId: string, shared: SharedFields, content: SnapshotContent, previous: SnapshotContent | undefined) {
    const changed = changedFields(previous, content);
    const id = randomUUID();
    await this.referrals.addSnapshot({
      id,
      referralId,
      contentEnc: this.cipher.encrypt(JSON.stringify(content), snapshotContext(id)),
      fields: shared,
      changed,
      createdBy: this.access.actor().userId,
      createdAt: this.clock.now(),
    });
    return changed;
  }
}

function field(name: string, code: string): FieldError {
  const messages: Record<string, string> = {
    [ReferralErrorCode.UNKNOWN_CENTRE]: 'Not an active partner centre',
    [ReferralErrorCode.SUBJECT_NOT_ON_CASE]: 'Not an active subject of the case',
    [ReferralErrorCode.CLIENT_NOT_SHARED]: 'A client must also be shared',
    [ReferralErrorCode.SERVICE_NOT_OFFERED]: 'The centre does not offer this service',
  };
  return { field: name, code, message: messages[code] ?? code };
}
