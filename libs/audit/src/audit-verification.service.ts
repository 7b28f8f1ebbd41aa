import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { AppConfig, RequestContext } from '@app/core';
import { runtimeDatabaseOptions, scopeOf, TransactionRunner } from '@app/database';
import { DataSource } from 'typeorm';
import { AuditEvent, AuditTrail } from './audit-trail';
import { VerificationRunningException } from './audit.exception';
import { unfinishedVerificationAuditEvent, verificationAuditEvent, VerificationResult, verifyAuditTrail, VERIFIER_POOL_SIZE } from './audit-verifier';
import { readWitness } from './checkpoint-witness';

/**
 * Auditors' verification of the whole trail, one at a time. It reads on connections of its own
 * (opened on first use), so a verification never waits for, nor takes, the connections requests use.
 * Another verification in this process is refused at once; one in another process is refused by the
 * verifier's advisory lock.
 */
@Injectable()
export class AuditVerification implements OnModuleDestroy {
  private verifierDataSource?: Promise<DataSource>;
  private running = false;

  constructor(
    private readonly tx: TransactionRunner,
    private readonly audit: AuditTrail,
    private readonly config: AppConfig,
    private readonly context: RequestContext,
  ) {}

  /** Recomputes the whole chain against the witness file; the run is recorded, whatever its result. */
  async verify(): Promise<VerificationResult> {
    // Checked and set before the first await, so parallel requests cannot both pass.
    if (this.running) throw new VerificationRunningException();
    this.running = true;
    try {
      const result = await this.run();
      await this.record(verificationAuditEvent(result));
      return result;
    } catch (error) {
      // The error itself reaches the client and the log; the record of the attempt must not replace it.
      if (!(error instanceof VerificationRunningException)) await this.record(unfinishedVerificationAuditEvent()).catch(() => undefined);
      throw error;
    } finally {
      this.running = false;
    }
  }

  async onModuleDestroy(): Promise<void> {
    const opening = this.verifierDataSource;
    this.verifierDataSource = undefined;
    const dataSource = await opening?.catch(() => undefined);
    if (dataSource?.isInitialized) await dataSource.destroy();
  }

  private async run(): Promise<VerificationResult> {
    const scope = scopeOf(this.context.actor, this.context.correlationId);
    const key = Buffer.from(this.config.auditSealKey, 'base64');
    return verifyAuditTrail(await this.ownConnections(), key, readWitness(this.config.auditCheckpointFile), scope);
  }

  private record(event: AuditEvent): Promise<void> {
    return this.tx.run(() => this.audit.record(event));
  }

  private ownConnections(): Promise<DataSource> {
    this.verifierDataSource ??= new DataSource(runtimeDatabaseOptions(this.config, 'referral-desk-api-verifier', VERIFIER_POOL_SIZE))
      .initialize()
      .catch((error: unknown) => {
        this.verifierDataSource = undefined; // try again on the next verification
        throw error;
      });
    return this.verifierDataSource;
  }
}
