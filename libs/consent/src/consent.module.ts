import { Module } from '@nestjs/common';
import { CasesModule } from '@app/cases';
import { IdentityModule } from '@app/identity';
import { ConsentAccess } from './consent-access';
import { ConsentLedgerEventsModule } from './consent-ledger-events.module';
import { ConsentService } from './consent.service';
import { ConsentsController } from './consents.controller';
import { LegalBasesController } from './legal-bases.controller';
import { LegalBasisService } from './legal-basis.service';
import { SharingCheck } from './sharing.service';

/** Consent and legal basis: the ledger that decides what may be shared, with whom, for what. */
@Module({
  imports: [IdentityModule, CasesModule, ConsentLedgerEventsModule],
  controllers: [ConsentsController, LegalBasesController],
  providers: [ConsentAccess, ConsentService, LegalBasisService, SharingCheck],
  exports: [ConsentLedgerEventsModule, SharingCheck],
})
export class ConsentModule {}
