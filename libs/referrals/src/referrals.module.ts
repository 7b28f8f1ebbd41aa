import { Module } from '@nestjs/common';
import { IdentityModule } from '@app/identity';
import { HolidayCalendar } from './holiday-calendar';
import { HolidaysController } from './holidays.controller';

/** Referrals to partner centres; so far the holiday calendar their acceptance deadlines skip. */
@Module({
  imports: [IdentityModule],
  controllers: [HolidaysController],
  providers: [HolidayCalendar],
  exports: [HolidayCalendar],
})
export class ReferralsModule {}
