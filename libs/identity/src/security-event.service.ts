import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '@app/database';
import { SecurityEventRepository } from './security-event.repository';

@Injectable()
export class SecurityEventService {
  constructor(
    private readonly events: SecurityEventRepository,
    private readonly tx: TransactionRunner,
  ) {}

  list(filter: { type?: string; userId?: string; from?: Date; to?: Date }, page: number, pageSize: number) {
    return this.tx.run(() => this.events.list(filter, page, pageSize));
  }
}
