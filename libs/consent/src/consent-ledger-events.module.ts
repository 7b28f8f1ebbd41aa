import { Module } from '@nestjs/common';
import { ConsentEvents } from './consent-events';
import { ConsentLapses } from './consent-lapses';
import { ConsentRepository } from './consent.repository';
import { LegalBasisRepository } from './legal-basis.repository';

/**
 * The ledger's events and the lapse scan, without routes: the api (through ConsentModule) and the
 * worker import it, each getting one ConsentEvents that its listeners subscribe to.
 */
@Module({
  providers: [ConsentEvents, ConsentLapses, ConsentRepository, LegalBasisRepository],
  exports: [ConsentEvents, ConsentLapses, ConsentRepository, LegalBasisRepository],
})
export class ConsentLedgerEventsModule {}
