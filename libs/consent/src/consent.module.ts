import { Module } from '@nestjs/common';
import { CasesModule } from '@app/cases';
import { IdentityModule } from '@app/identity';
import { ConsentAccess } from './consent-access';
import { ConsentEvents } from './consent-events';
import { ConsentRepository } from './consent.repository';
import { ConsentService } from './consent.service';
import { ConsentsController } from './consents.controller';
import { LegalBasesController } from './legal-bases.controller';
import { LegalBasisRepository } from './legal-basis.repository';
import { LegalBasisService } from './legal-basis.service';
import { SharingCheck } from './sharing.service';

/** Consent and legal basis: the ledger that decides what may be shared, with whom, for what. */
@Module({
  imports: [IdentityModule, CasesModule],
  controllers: [ConsentsController, LegalBasesController],
  providers: [ConsentAccess, ConsentEvents, ConsentRepository, ConsentService, LegalBasisRepository, LegalBasisService, SharingCheck],
  exports: [ConsentEvents, SharingCheck],
})
export class ConsentModule {}
