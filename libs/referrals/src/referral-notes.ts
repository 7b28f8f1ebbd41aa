import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditTrail } from '@app/audit';
import { Clock, FieldCipher } from '@app/core';
import { TransactionRunner } from '@app/database';
import { AccessService, Directory } from '@app/identity';
import { HELD_STATES } from './lifecycle';
import { ReferralAccess } from './referral-access';
import { ReferralRepository } from './referral.repository';
import { ReferralNoteListView, ReferralNoteView } from './referral.views';
import { noteContext } from './snapshot';

/**
 * The centre's own notes on a referral it holds: encrypted, read and written by the holder and the
 * centre's managers only (row-level security decides), never by the police; a miss is a 404.
 */
@Injectable()
export class ReferralNotes {
  constructor(
    private readonly referrals: ReferralRepository,
    private readonly referralAccess: ReferralAccess,
    private readonly directory: Directory,
    private readonly access: AccessService,
    private readonly audit: AuditTrail,
    private readonly cipher: FieldCipher,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  list(referralId: string): Promise<ReferralNoteListView> {
    return this.tx.run(async () => {
      await this.heldScope(referralId);
      const notes = await this.referrals.notes(referralId);
      await this.audit.record({ action: 'referral.notes_viewed', objectType: 'referral', objectId: referralId, detail: { returned: notes.length } });
      return {
        items: notes.map((note) => ({
          id: note.id,
          authorName: note.authorName,
          text: this.cipher.decrypt(note.bodyEnc, noteContext(note.id)),
          at: note.createdAt.toISOString(),
        })),
      };
    });
  }

  add(referralId: string, text: string): Promise<ReferralNoteView> {
    return this.tx.run(async () => {
      await this.heldScope(referralId);
      const actor = this.access.actor();
      const author = await this.directory.activeMember(actor.unitId, actor.userId);
      const id = randomUUID();
      const at = this.clock.now();
      const authorName = author?.displayName ?? actor.userId;
      await this.referrals.addNote({
        id,
        referralId,
        authorUserId: actor.userId,
        authorName,
        bodyEnc: this.cipher.encrypt(text, noteContext(id)),
        createdAt: at,
      });
      await this.audit.record({ action: 'referral.note_added', objectType: 'referral', objectId: referralId, detail: { noteId: id } });
      return { id, authorName, text, at: at.toISOString() };
    });
  }

  /** The centre's referral, held by the caller or the caller a manager of it (what the notes' policy asks), else 404. */
  private async heldScope(referralId: string) {
    const scope = await this.referralAccess.referralScope(referralId);
    const record = await this.referrals.findOne(scope);
    const actor = this.access.actor();
    const held = record && HELD_STATES.includes(record.status);
    const mine = record && (record.holderUserId === actor.userId || this.referralAccess.actorsOf(record, actor).includes('centre_manager'));
    if (!held || !mine) throw await this.audit.notFound('referral', referralId);
    return scope;
  }
}
