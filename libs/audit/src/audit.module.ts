import { Global, Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditReader } from './audit-reader.service';
import { AuditTrail } from './audit-trail';
import { AuditVerification } from './audit-verification.service';
import { SearchTerms } from './search-terms';

/** The audit trail: the writer every capability uses, and the auditors' and supervisors' reading routes. */
@Global()
@Module({
  controllers: [AuditController],
  providers: [AuditTrail, AuditReader, AuditVerification, SearchTerms],
  exports: [AuditTrail, SearchTerms],
})
export class AuditModule {}

/** The writer alone, for processes without the HTTP routes (the worker). */
@Global()
@Module({ providers: [AuditTrail], exports: [AuditTrail] })
export class AuditWriterModule {}
