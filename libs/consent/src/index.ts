export * from './consent.module';
export * from './permissions';
export * from './vocabulary';
export * from './consent.exception';
export * from './consent-events';
export * from './sharing-decision';
export * from './sharing.service';
