import { randomUUID } from 'node:crypto';
import { HttpStatus, Injectable } from '@nestjs/common';
import { AuditTrail } from '@app/audit';
import { AppConfig, Clock, DomainException, FieldCipher, maskedText, RecordNotFoundException, UserActor } from '@app/core';
import { createOnce, TransactionRunner } from '@app/database';
import { AccessService, RecordScope } from '@app/identity';
import { CaseAccess } from './case-access';
import { caseActionsFor, CaseAction, caseLifecycle } from './case-transitions';
import { CaseFilter, CaseRecord, CaseRepository, CaseSort, CaseSummary } from './case.repository';
import { badInput, CasesErrorCode, CasesFieldCode, casesRuleBroken, invalidField, searchEmpty } from './cases.exception';
import { CaseRevealView, CaseSummaryView, CaseView, SubjectView, TimelineView } from './cases.views';
import { CaseSearchDto, CreateCaseDto, ListCasesQueryDto, SubjectInputDto, UpdateCaseDto } from './dto/case.dto';
import { nameTermsOf, titleNamesSomeone } from './name-terms';
import { PersonFields } from './person-fields';
import { PersonService } from './person.service';
import { CasePermission, PersonPermission } from './permissions';
import { SearchAudit, SearchTerm } from './search-audit';

export const caseContext = (column: 'narrative' | 'reason', caseId: string) => `case_file.${column}:${caseId}`;
const removalContext = (subjectId: string) => `case_subject.removal_reason:${subjectId}`;

/** A status action as a route asks for it. */
export interface StatusChange {
  version: number;
  /** Stored columns the action sets (outcome, authority), code-defined values only. */
  set?: Record<string, unknown>;
  reasonCode?: string;
  /** Free text (reopen, escalate): encrypted on the case, never in the trail. */
  reason?: string;
}

/**
 * The desk officer's cases: intake with its subjects, reading (masked, with reveal), editing with
 * optimistic concurrency, subjects, status actions through the one transitions table, and search.
 * Every read of case contents and every change is an audit event carrying field names, never values.
 */
@Injectable()
export class CaseService {
  constructor(
    private readonly cases: CaseRepository,
    private readonly persons: PersonService,
    private readonly personFields: PersonFields,
    private readonly caseAccess: CaseAccess,
    private readonly access: AccessService,
    private readonly audit: AuditTrail,
    private readonly searches: SearchAudit,
    private readonly cipher: FieldCipher,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  create(input: CreateCaseDto, idempotencyKey: string | undefined): Promise<CaseView> {
    const actor = this.access.actor();
    this.assertNarrativeFits(input.narrative);
    return this.tx.run(async () => {
      let opened: RecordScope<'case'> | undefined;
      const { id, replayed } = await createOnce(this.tx.manager, {
        key: idempotencyKey,
        operation: 'case.create',
        userId: actor.userId,
        body: input,
        at: this.clock.now(),
        create: async () => (opened = await this.open(actor, input)).id,
      });
      if (!replayed)
        await this.audit.record({ action: 'case.created', objectType: 'case', objectId: id, caseId: id, detail: { subjects: input.subjects.length } });
      // A replay reads the first case again, through whatever scope the caller has now.
      return this.detail(opened ?? (await this.caseAccess.caseScope(id)));
    });
  }

  /** The caller's cases (desk officers) or their unit's (supervisors), by filters only. */
  list(query: ListCasesQueryDto): Promise<{ items: CaseSummaryView[]; total: number }> {
    const one = (value: string | undefined) => (value === undefined ? undefined : [value]);
    const filter = filtersOf({ ...query, status: one(query.status), category: one(query.category), urgency: one(query.urgency) });
    return this.tx.run(async () => {
      const result = await this.cases.search(filter, (query.sort as CaseSort) ?? 'opened_at_desc', query);
      await this.audit.record({ action: 'case.listed', detail: { filters: Object.keys(filter).sort(), returned: result.items.length } });
      return { items: result.items.map(toSummaryView), total: result.total };
    });
  }

  search(query: CaseSearchDto): Promise<{ items: CaseSummaryView[]; total: number }> {
    const { page: _page, pageSize: _pageSize, sort: _sort, ...criteria } = query;
    if (Object.values(criteria).every((value) => value === undefined)) {
      throw searchEmpty();
    }
    const phoneHash = query.phone ? this.personFields.phoneHash(query.phone) : undefined;
    if (query.phone && !phoneHash) throw badInput([invalidField('phone', CasesFieldCode.INVALID_PHONE, 'Not a valid phone number')]);
    const filter: CaseFilter = {
      ...filtersOf(query),
      reference: query.reference,
      documentHash: query.documentNumber ? this.personFields.documentHash(query.documentNumber) : undefined,
      phoneHash,
      name: query.name ? nameTermsOf(query.name) : undefined,
    };
    return this.tx.run(async () => {
      const result = await this.cases.search(filter, (query.sort as CaseSort) ?? 'opened_at_desc', query);
      const terms: SearchTerm[] = [
        ['name', query.name],
        ['documentNumber', query.documentNumber],
        ['phone', query.phone],
        ['reference', query.reference],
      ];
      await this.searches.record('case.searched', terms, result.items.length, Object.keys(filtersOf(query)));
      return { items: result.items.map(toSummaryView), total: result.total };
    });
  }

  get(id: string): Promise<CaseView> {
    return this.tx.run(async () => {
      const view = await this.detail(await this.caseAccess.caseScope(id));
      await this.audit.record({ action: 'case.viewed', objectType: 'case', objectId: id, caseId: id });
      return view;
    });
  }

  reveal(id: string, fields: string[]): Promise<CaseRevealView> {
    return this.tx.run(async () => {
      const record = await this.load(await this.caseAccess.caseScope(id));
      await this.audit.record({ action: 'case.revealed', objectType: 'case', objectId: id, caseId: id, detail: { fields } });
      return { narrative: record.narrativeEnc ? this.cipher.decrypt(record.narrativeEnc, caseContext('narrative', id)) : null };
    });
  }

  update(id: string, input: UpdateCaseDto): Promise<CaseView> {
    this.assertNarrativeFits(input.narrative);
    return this.tx.run(async () => {
      const scope = await this.caseAccess.caseScope(id);
      const { version, ...named } = input;
      const fields = Object.keys(named)
        .filter((field) => named[field as keyof typeof named] !== undefined)
        .sort();
      if (named.title !== undefined) await this.assertTitleNamesNoSubject(named.title, scope);
      const set: Record<string, unknown> = {};
      if (named.category !== undefined) set.category = named.category;
      if (named.urgency !== undefined) set.urgency = named.urgency;
      if (named.intakeChannel !== undefined) set.intake_channel = named.intakeChannel;
      if (named.title !== undefined) set.title = named.title.trim();
      if (named.narrative !== undefined) set.narrative_enc = named.narrative ? this.cipher.encrypt(named.narrative, caseContext('narrative', id)) : null;
      const updated = await this.cases.update(scope, version, set, this.clock.now());
      if (!updated) throw new RecordNotFoundException();
      await this.history(scope, updated, 'updated', { fields });
      await this.audit.record({ action: 'case.updated', objectType: 'case', objectId: id, caseId: id, detail: { fields } });
      return this.detail(scope);
    });
  }

  timeline(id: string): Promise<TimelineView> {
    return this.tx.run(async () => {
      const entries = await this.cases.history(await this.caseAccess.caseScope(id));
      await this.audit.record({ action: 'case.timeline_viewed', objectType: 'case', objectId: id, caseId: id });
      return { items: entries.map((entry) => ({ ...entry, at: entry.at.toISOString() })) };
    });
  }

  addSubject(id: string, input: SubjectInputDto & { version: number }): Promise<CaseView> {
    return this.tx.run(async () => {
      const scope = await this.caseAccess.caseScope(id);
      const current = await this.bumpVersion(scope, input.version);
      const [personId] = (await this.resolveSubjects([input], '')).ids;
      const subjectId = randomUUID();
      const added = await this.cases.addSubject(
        { id: subjectId, caseId: id, personId, role: input.role, addedBy: this.access.actor().userId },
        this.clock.now(),
      );
      if (!added) throw new DomainException(CasesErrorCode.SUBJECT_ALREADY_ON_CASE, HttpStatus.CONFLICT, 'This person already has that role on the case');
      await this.assertTitleNamesNoSubject(current.title, scope);
      await this.history(scope, current, 'subject_added', { subjectId, personId, role: input.role });
      await this.audit.record({
        action: 'case.subject_added',
        objectType: 'case',
        objectId: id,
        caseId: id,
        detail: { subjectId, personId, role: input.role },
      });
      return this.detail(scope);
    });
  }

  removeSubject(id: string, subjectId: string, input: { version: number; reason: string }): Promise<CaseView> {
    return this.tx.run(async () => {
      const scope = await this.caseAccess.caseScope(id);
      const current = await this.bumpVersion(scope, input.version);
      const subjects = await this.cases.subjectsOf(scope);
      const subject = subjects.find((candidate) => candidate.id === subjectId);
      if (!subject) throw await this.audit.notFound('case_subject', subjectId);
      if (subjects.length === 1) throw casesRuleBroken(CasesErrorCode.LAST_SUBJECT, 'A case keeps at least one subject');
      const reasonEnc = this.cipher.encrypt(input.reason, removalContext(subjectId));
      await this.cases.removeSubject(scope, subjectId, this.access.actor().userId, reasonEnc, this.clock.now());
      await this.history(scope, current, 'subject_removed', { subjectId, personId: subject.personId, role: subject.role });
      await this.audit.record({ action: 'case.subject_removed', objectType: 'case', objectId: id, caseId: id, detail: { subjectId, role: subject.role } });
      return this.detail(scope);
    });
  }

  /** A status action of the transitions table; 409 naming the state when the case's state does not allow it. */
  changeStatus(id: string, action: CaseAction, change: StatusChange): Promise<CaseView> {
    return this.tx.run(async () => {
      const scope = await this.caseAccess.caseScope(id);
      const actor = this.access.actor();
      const at = this.clock.now();
      const set: Record<string, unknown> = { ...change.set };
      if (change.reason) set.reason_enc = this.cipher.encrypt(change.reason, caseContext('reason', id));
      if (action === 'close') set.closed_at = at;
      if (action === 'reopen') Object.assign(set, { closed_at: null, outcome: null, escalated_to: null });
      const moved = await caseLifecycle.apply(this.tx.manager, {
        id,
        action,
        at,
        actor: { userId: actor.userId, unitId: actor.unitId },
        reasonCode: change.reasonCode,
        set,
        version: change.version,
      });
      if (!moved) throw new RecordNotFoundException();
      await this.audit.record({
        action: `case.${ACTION_EVENTS[action]}`,
        objectType: 'case',
        objectId: id,
        caseId: id,
        detail: { from: moved.from, to: moved.to, ...(change.reasonCode ? { reasonCode: change.reasonCode } : {}) },
      });
      return this.detail(scope);
    });
  }

  /** Supervisors assign a case to a desk officer or supervisor of its unit. */
  reassign(id: string, input: { version: number; assignedOfficerId: string }): Promise<CaseView> {
    return this.tx.run(async () => {
      const scope = await this.caseAccess.caseScope(id);
      const current = await this.load(scope);
      await this.assertAssignable(current.owningUnitId, input.assignedOfficerId, 'assignedOfficerId');
      const updated = await this.cases.update(scope, input.version, { assigned_officer_id: input.assignedOfficerId }, this.clock.now());
      if (!updated) throw new RecordNotFoundException();
      await this.history(scope, updated, 'reassign', { from: current.assignedOfficerId, to: input.assignedOfficerId });
      await this.audit.record({
        action: 'case.reassigned',
        objectType: 'case',
        objectId: id,
        caseId: id,
        detail: { from: current.assignedOfficerId, to: input.assignedOfficerId },
      });
      return this.detail(scope);
    });
  }

  /** The case and its subjects as the caller may see them, with the status actions open to them. */
  private async detail(scope: RecordScope<'case'>): Promise<CaseView> {
    const record = await this.load(scope);
    const subjects = await this.cases.subjectsOf(scope);
    const people = subjects.length > 0 ? await this.persons.subjectsOfCase(scope) : [];
    const byId = new Map(people.map((person) => [person.id, person]));
    const subjectViews: SubjectView[] = subjects.map((subject) => {
      const person = byId.get(subject.personId)!;
      return {
        id: subject.id,
        role: subject.role,
        personId: subject.personId,
        nameAr: person.nameAr,
        nameLatin: person.nameLatin,
        sex: person.sex,
        minor: this.persons.isMinor(person),
        addedAt: subject.addedAt.toISOString(),
      };
    });
    return {
      ...toSummaryView({ ...record, subjectCount: subjects.length }),
      narrative: maskedText(record.narrativeEnc),
      outcome: record.outcome,
      escalatedTo: record.escalatedTo,
      createdBy: record.createdBy,
      closedAt: record.closedAt?.toISOString() ?? null,
      subjects: subjectViews,
      allowedActions: caseActionsFor(record.status, this.access.actor().permissions),
    };
  }

  /** Opens the case with its subjects and answers the scope over it (the caller reads it back through it). */
  private async open(actor: UserActor, input: CreateCaseDto): Promise<RecordScope<'case'>> {
    const assignee = input.assignedOfficerId ?? actor.userId;
    if (assignee !== actor.userId) {
      if (!actor.permissions.includes(CasePermission.Reassign)) {
        throw new DomainException(CasesErrorCode.ASSIGNMENT_NOT_ALLOWED, HttpStatus.FORBIDDEN, 'Only a supervisor assigns a case to someone else');
      }
      await this.assertAssignable(actor.unitId, assignee, 'assignedOfficerId');
    }
    const { ids: personIds, existing } = await this.resolveSubjects(input.subjects, 'subjects');
    const typed = input.subjects.flatMap((subject) => (subject.person ? [subject.person.nameAr ?? null, subject.person.nameLatin ?? null] : []));
    const names = [...typed, ...(await this.namesOf(existing))];
    if (titleNamesSomeone(input.title, names)) throw casesRuleBroken(CasesErrorCode.TITLE_NAMES_SUBJECT, 'The title must not name a subject', 'title');
    const id = randomUUID();
    const created = await this.cases.insert(
      {
        id,
        owningUnitId: actor.unitId,
        category: input.category,
        urgency: input.urgency,
        intakeChannel: input.intakeChannel,
        title: input.title.trim(),
        narrativeEnc: input.narrative ? this.cipher.encrypt(input.narrative, caseContext('narrative', id)) : null,
        createdBy: actor.userId,
        assignedOfficerId: assignee,
      },
      this.clock.now(),
    );
    const scope = await this.caseAccess.caseScope(id);
    for (const [index, subject] of input.subjects.entries()) {
      const added = await this.cases.addSubject(
        { id: randomUUID(), caseId: id, personId: personIds[index], role: subject.role, addedBy: actor.userId },
        this.clock.now(),
      );
      if (!added) throw casesRuleBroken(CasesErrorCode.SUBJECT_ALREADY_ON_CASE, 'The same person is listed twice in one role', `subjects.${index}`);
    }
    await this.history(scope, created, 'opened', { subjects: input.subjects.length });
    return scope;
  }

  /**
   * Each subject's person: an existing one of the unit (404 otherwise), or a new one recorded now; with
   * the scope over the existing ones, for reading their names.
   */
  private async resolveSubjects(subjects: SubjectInputDto[], prefix: string): Promise<{ ids: string[]; existing?: RecordScope<'person'> }> {
    const field = (index: number) => (prefix ? `${prefix}.${index}` : 'personId');
    subjects.forEach((subject, index) => {
      if (!!subject.personId === !!subject.person) {
        throw casesRuleBroken(CasesErrorCode.SUBJECT_PERSON_AMBIGUOUS, 'Give either personId or person for each subject', field(index));
      }
    });
    const linked = [...new Set(subjects.flatMap((subject) => (subject.personId ? [subject.personId] : [])))];
    const existing = linked.length > 0 ? await this.access.require(PersonPermission.Suggest, 'person', linked) : undefined;
    const ids: string[] = [];
    for (const [index, subject] of subjects.entries()) {
      ids.push(subject.personId ?? (await this.persons.insert(subject.person!, prefix ? `${prefix}.${index}.person` : 'person')));
    }
    return { ids, existing };
  }

  private async namesOf(scope: RecordScope<'person'> | undefined): Promise<(string | null)[]> {
    return scope ? (await this.persons.loadMany(scope)).flatMap((person) => [person.nameAr, person.nameLatin]) : [];
  }

  private async assertTitleNamesNoSubject(title: string, scope: RecordScope<'case'>): Promise<void> {
    const names = (await this.persons.subjectsOfCase(scope)).flatMap((person) => [person.nameAr, person.nameLatin]);
    if (titleNamesSomeone(title, names)) throw casesRuleBroken(CasesErrorCode.TITLE_NAMES_SUBJECT, 'The title must not name a subject', 'title');
  }

  private async assertAssignable(unitId: string, userId: string, field: string): Promise<void> {
    if (!(await this.cases.isActiveOfficerOf(unitId, userId))) {
      throw casesRuleBroken(CasesErrorCode.ASSIGNEE_NOT_IN_UNIT, 'Assign a desk officer or supervisor of the case’s unit', field);
    }
  }

  private assertNarrativeFits(narrative: string | null | undefined): void {
    if (narrative && narrative.length > this.config.caseNarrativeMaxChars) {
      throw badInput([invalidField('narrative', CasesErrorCode.NARRATIVE_TOO_LONG, `At most ${this.config.caseNarrativeMaxChars} characters`)]);
    }
  }

  /** Changing the subjects changes the case: its version moves, so a stale page is refused. */
  private async bumpVersion(scope: RecordScope<'case'>, version: number): Promise<CaseRecord> {
    const updated = await this.cases.update(scope, version, {}, this.clock.now());
    if (!updated) throw new RecordNotFoundException();
    return updated;
  }

  private async load(scope: RecordScope<'case'>): Promise<CaseRecord> {
    const record = await this.cases.findOne(scope);
    if (!record) throw new RecordNotFoundException();
    return record;
  }

  private history(scope: RecordScope<'case'>, record: CaseRecord, action: string, detail: object): Promise<void> {
    const actor = this.access.actor();
    return this.cases.appendHistory(scope, {
      action,
      state: record.status,
      actorUserId: actor.userId,
      actorUnitId: actor.unitId,
      at: this.clock.now(),
      detail,
    });
  }
}

const ACTION_EVENTS: Record<CaseAction, string> = {
  close: 'closed',
  reopen: 'reopened',
  escalate: 'escalated',
  refer: 'referred',
  start_service: 'in_service',
  end_service: 'service_ended',
  end_referrals: 'referrals_ended',
};

function filtersOf(query: Pick<CaseSearchDto, 'status' | 'category' | 'urgency' | 'assignedOfficerId' | 'openedFrom' | 'openedTo'>): CaseFilter {
  const filter: CaseFilter = {
    status: query.status,
    category: query.category,
    urgency: query.urgency,
    assignedOfficerId: query.assignedOfficerId,
    openedFrom: query.openedFrom,
    openedTo: query.openedTo,
  };
  return Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined)) as CaseFilter;
}

export const toSummaryView = (summary: CaseSummary | (CaseRecord & { subjectCount: number })): CaseSummaryView => ({
  id: summary.id,
  reference: summary.reference,
  category: summary.category,
  urgency: summary.urgency,
  intakeChannel: summary.intakeChannel,
  title: summary.title,
  status: summary.status,
  owningUnitId: summary.owningUnitId,
  assignedOfficerId: summary.assignedOfficerId,
  openedAt: summary.openedAt.toISOString(),
  subjectCount: summary.subjectCount,
  version: summary.version,
});
