export * from './audit.module';
export * from './audit-trail';
export * from './audit-chain';
export * from './audit-sealer';
export * from './audit-verifier';
export * from './checkpoint-witness';
export * from './audit-reader.service';
export * from './canonical-event';
