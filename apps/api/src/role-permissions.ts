import { AuditPermission } from '@app/audit';
import { Role, RolePermissionTable } from '@app/core';
import { CasePermission, PersonPermission } from '@app/cases';
import { ConsentPermission, LegalBasisPermission } from '@app/consent';
import { ReferralPermission } from '@app/referrals';
import { IdentityPermission } from '@app/identity';

/** What desk officers and supervisors both do with cases, persons and their consent ledger (each within their own scope). */
const POLICE_CASE_WORK = [
  CasePermission.Create,
  CasePermission.Update,
  CasePermission.Reveal,
  CasePermission.ManageSubjects,
  CasePermission.Search,
  CasePermission.Close,
  PersonPermission.Create,
  PersonPermission.Read,
  PersonPermission.Update,
  PersonPermission.Reveal,
  PersonPermission.Search,
  PersonPermission.Suggest,
  ConsentPermission.Read,
  ConsentPermission.Record,
  ConsentPermission.Withdraw,
  ConsentPermission.Reveal,
  ConsentPermission.CheckSharing,
  LegalBasisPermission.Read,
  LegalBasisPermission.Request,
  ReferralPermission.Send,
  ReferralPermission.ReadPolice,
  ReferralPermission.SuggestCentres,
  ReferralPermission.Withdraw,
];

/** What a partner centre's counsellors and managers both do with the referrals sent to their centre. */
const CENTRE_WORK = [ReferralPermission.ReadCentre, ReferralPermission.Handle, ReferralPermission.Note, ReferralPermission.Reveal];

/**
 * The one table mapping roles to permissions, composed here from what each capability lib declares,
 * so no lib imports a higher one. Guards and row-level-security policies check the permissions only.
 * Administrators and auditors never receive case contents: no case permission is listed for them.
 */
export const ROLE_PERMISSIONS: RolePermissionTable = {
  [Role.DeskOfficer]: [IdentityPermission.OwnSessionManage, IdentityPermission.UnitRead, ...POLICE_CASE_WORK, CasePermission.ReadOwn],
  [Role.Supervisor]: [
    IdentityPermission.OwnSessionManage,
    IdentityPermission.UnitRead,
    IdentityPermission.UnitMembersRead,
    AuditPermission.ReadOwnUnit,
    ...POLICE_CASE_WORK,
    CasePermission.ReadUnit,
    CasePermission.Reopen,
    CasePermission.Escalate,
    CasePermission.Reassign,
    LegalBasisPermission.Decide,
    ReferralPermission.Redirect,
  ],
  [Role.Counsellor]: [IdentityPermission.OwnSessionManage, IdentityPermission.UnitRead, ...CENTRE_WORK],
  [Role.CentreManager]: [
    IdentityPermission.OwnSessionManage,
    IdentityPermission.UnitRead,
    IdentityPermission.UnitMembersRead,
    ...CENTRE_WORK,
    ReferralPermission.Assign,
  ],
  [Role.Auditor]: [
    IdentityPermission.OwnSessionManage,
    IdentityPermission.UnitRead,
    AuditPermission.SecurityEventRead,
    AuditPermission.ReadAll,
    AuditPermission.Verify,
  ],
  [Role.Administrator]: [
    IdentityPermission.OwnSessionManage,
    IdentityPermission.UnitRead,
    IdentityPermission.UnitManage,
    IdentityPermission.UserRead,
    IdentityPermission.UserManage,
    AuditPermission.SecurityEventRead,
    ReferralPermission.HolidayManage,
  ],
};
