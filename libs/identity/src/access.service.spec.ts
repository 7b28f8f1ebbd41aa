import { RecordNotFoundException, RequestContext, UserActor } from '@app/core';
import { AuditTrail, AuditEvent } from '@app/audit';
import { TransactionRunner } from '@app/database';
import { AccessService, RecordScope } from './access.service';

const officer: UserActor = { kind: 'user', userId: 'u1', unitId: 'unit-a', roles: ['desk_officer'], permissions: ['case.read'] };

/** The record-access method's rules, with the transaction and the trail replaced by recorders. */
function accessFor(actor: UserActor | undefined) {
  const recorded: AuditEvent[] = [];
  const context = { actor } as unknown as RequestContext;
  const audit = { recordSeparately: async (event: AuditEvent) => void recorded.push(event) } as unknown as AuditTrail;
  const tx = { run: (work: (manager: unknown) => Promise<unknown>) => work({}) } as unknown as TransactionRunner;
  const access = new AccessService(context, audit, tx);
  access.register('case.read', 'case', async (_actor, ids) => ids.filter((id) => id.startsWith('mine-')));
  return { access, recorded };
}

describe('AccessService.require', () => {
  it('mints a scope when every id is within reach', async () => {
    const { access, recorded } = accessFor(officer);
    const scope = await access.require('case.read', 'case', ['mine-1', 'mine-2', 'mine-1']);
    expect(scope).toBeInstanceOf(RecordScope);
    expect(scope.ids).toEqual(['mine-1', 'mine-2']);
    expect(scope.objectType).toBe('case');
    expect(recorded).toEqual([]);
  });

  it('one id out of reach makes the whole request a 404, and each missed id is recorded', async () => {
    const { access, recorded } = accessFor(officer);
    await expect(access.require('case.read', 'case', ['mine-1', 'theirs-1', 'theirs-2'])).rejects.toBeInstanceOf(RecordNotFoundException);
    expect(recorded).toEqual([
      { action: 'access.not_found', outcome: 'denied', objectType: 'case', objectId: 'theirs-1' },
      { action: 'access.not_found', outcome: 'denied', objectType: 'case', objectId: 'theirs-2' },
    ]);
  });

  it('a permission the roles do not grant is the same 404, whatever the data says', async () => {
    const { access, recorded } = accessFor({ ...officer, permissions: [] });
    await expect(access.require('case.read', 'case', 'mine-1')).rejects.toBeInstanceOf(RecordNotFoundException);
    expect(recorded).toHaveLength(1);
  });

  it('no signed-in person is a 404', async () => {
    const { access } = accessFor(undefined);
    await expect(access.require('case.read', 'case', 'mine-1')).rejects.toBeInstanceOf(RecordNotFoundException);
  });

  it('an unregistered permission and object type is a programming error, not a silent allow', async () => {
    const { access } = accessFor(officer);
    await expect(access.require('case.update', 'case', 'mine-1')).rejects.toThrow(/No access check is registered/);
    expect(() => access.register('case.read', 'case', async () => [])).toThrow(/already registered/);
  });

  it('a scope cannot be made outside the access service', () => {
    const Forged = RecordScope as unknown as new (mint: symbol, type: string, ids: string[], permission: string) => RecordScope;
    expect(() => new Forged(Symbol('record-scope-mint'), 'case', ['theirs-1'], 'case.read')).toThrow(/minted by AccessService only/);
  });

  it('a single-record scope names its record; a multi-record one refuses to pretend', async () => {
    const { access } = accessFor(officer);
    expect((await access.require('case.read', 'case', 'mine-9')).id).toBe('mine-9');
    const many = await access.require('case.read', 'case', ['mine-1', 'mine-2']);
    expect(() => many.id).toThrow(/holds 2 records/);
  });
});
