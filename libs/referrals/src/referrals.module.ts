import { Module, OnModuleInit } from '@nestjs/common';
import { CasesModule } from '@app/cases';
import { ConsentLedgerEventsModule, ConsentModule } from '@app/consent';
import { IdentityModule } from '@app/identity';
import { ConsentFollower } from './consent-follower';
import { DeadlineWatch } from './deadline-watch';
import { HolidayCalendar } from './holiday-calendar';
import { HolidaysController } from './holidays.controller';
import { ReferralAccess } from './referral-access';
import { ReferralActions } from './referral-actions';
import { ReferralDeadlines } from './referral-deadlines';
import { ReferralNotes } from './referral-notes';
import { ReferralPresenter } from './referral-presenter';
import { ReferralTransitions } from './referral-transitions';
import { ReferralRepository } from './referral.repository';
import { ReferralService } from './referral.service';
import { ReferralsController } from './referrals.controller';

/**
 * What both processes need: the repository, transitions with their trail and outbox rows, the
 * follower that withdraws what relied on a consent that ended, and the worker's deadline scan.
 */
@Module({
  imports: [ConsentLedgerEventsModule],
  providers: [ReferralRepository, ReferralTransitions, ConsentFollower, DeadlineWatch],
  exports: [ReferralRepository, ReferralTransitions, ConsentFollower, DeadlineWatch],
})
export class ReferralsCoreModule {}

/** Referrals to partner centres, for the api: sending, the centre's queue and actions, notes, deadlines, holidays. */
@Module({
  imports: [IdentityModule, CasesModule, ConsentModule, ReferralsCoreModule],
  controllers: [HolidaysController, ReferralsController],
  providers: [HolidayCalendar, ReferralDeadlines, ReferralAccess, ReferralPresenter, ReferralService, ReferralActions, ReferralNotes],
  exports: [HolidayCalendar],
})
export class ReferralsModule implements OnModuleInit {
  constructor(
    private readonly follower: ConsentFollower,
    private readonly referrals: ReferralService,
  ) {}

  onModuleInit(): void {
    // A superseded consent re-runs the sharing check with the officer's own scope over the case.
    this.follower.useRecheck({ stillAllowed: (id) => this.referrals.stillAllowed(id) });
  }
}
