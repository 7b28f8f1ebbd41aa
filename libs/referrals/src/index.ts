export * from './deadline';
export * from './dto/holiday.dto';
export * from './holiday-calendar';
export * from './lifecycle';
export * from './permissions';
export * from './referrals.exception';
export * from './referrals.module';
