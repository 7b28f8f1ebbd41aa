import { Module } from '@nestjs/common';
import { IdentityModule } from '@app/identity';
import { CaseAccess } from './case-access';
import { CaseRoster } from './case-roster';
import { CaseRepository } from './case.repository';
import { CaseService } from './case.service';
import { CasesController } from './cases.controller';
import { PersonFields } from './person-fields';
import { PersonRepository } from './person.repository';
import { PersonService } from './person.service';
import { PersonsController } from './persons.controller';
import { SearchAudit } from './search-audit';

/** Cases, persons and subjects: the desk officer's intake, reading with reveal, status, search and duplicate suggestions. */
@Module({
  imports: [IdentityModule],
  controllers: [CasesController, PersonsController],
  providers: [CaseAccess, CaseRoster, CaseRepository, CaseService, PersonFields, PersonRepository, PersonService, SearchAudit],
  exports: [CaseService, PersonService, CaseRepository, CaseRoster],
})
export class CasesModule {}
