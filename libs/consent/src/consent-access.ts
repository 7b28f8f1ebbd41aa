import { Injectable, OnModuleInit } from '@nestjs/common';
import { AccessService } from '@app/identity';
import { ConsentRepository } from './consent.repository';
import { LegalBasisRepository } from './legal-basis.repository';
import { ConsentPermission, LegalBasisPermission } from './permissions';

/**
 * The consent lib's record rules: a consent record or legal basis is reached exactly when its case is
 * (row-level security joins each row to case_file, whose own policy decides), so the ledger has the
 * case's scope: police of the owning unit who read the case; anyone else gets 404.
 */
@Injectable()
export class ConsentAccess implements OnModuleInit {
  constructor(
    private readonly access: AccessService,
    private readonly consents: ConsentRepository,
    private readonly legalBases: LegalBasisRepository,
  ) {}

  onModuleInit(): void {
    for (const permission of [ConsentPermission.Read, ConsentPermission.Reveal, ConsentPermission.Withdraw]) {
      this.access.register(permission, 'consent', async (_actor, ids) => (await this.consents.casesOf(ids)).keys());
    }
    for (const permission of [LegalBasisPermission.Read, LegalBasisPermission.Decide]) {
      this.access.register(permission, 'legal_basis', async (_actor, ids) => (await this.legalBases.casesOf(ids)).keys());
    }
  }
}
