import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { AppConfig, RouteAccessDocumentation } from '@app/core';
import { Directory } from './directory';
import { AccessService } from './access.service';
import { AccountChanges } from './account-changes';
import { AdminApprovalsController } from './admin-approvals.controller';
import { ApprovalRepository } from './approval.repository';
import { ApprovalService } from './approval.service';
import { AccountService } from './account.service';
import { AdminUsersController } from './admin-users.controller';
import { AuthController } from './auth.controller';
import { AuthenticationGuard } from './authentication.guard';
import { FailedProofs } from './failed-proofs';
import { AuthenticationDocumentation } from './authentication-documentation';
import { IdentityAccessRules } from './identity-access-rules';
import { PasswordService } from './password.service';
import { RedisThrottlerStorage } from './redis-throttler.storage';
import { SecurityEvents } from './security-events';
import { SessionRepository } from './session.repository';
import { SessionService } from './session.service';
import { SignInService } from './sign-in.service';
import { TotpService } from './totp.service';
import { UnitRepository } from './unit.repository';
import { UnitService } from './unit.service';
import { AdminUnitsController, UnitsController } from './units.controller';
import { UserAdminService } from './user-admin.service';
import { UserRepository } from './user.repository';

/** Owns the throttler's Redis connection, so it is closed with the app. */
@Module({ providers: [RedisThrottlerStorage], exports: [RedisThrottlerStorage] })
class ThrottlerStorageModule {}

/** Units and centres, users, sessions, the second factor, permissions, and the global default-deny guard. */
@Module({
  imports: [
    ThrottlerStorageModule, // the sign-in throttler guard asks the storage for its audit claim
    ThrottlerModule.forRootAsync({
      imports: [ThrottlerStorageModule],
      inject: [AppConfig, RedisThrottlerStorage],
      useFactory: (config: AppConfig, storage: RedisThrottlerStorage) => ({
        throttlers: [{ name: 'sign-in', ttl: 60_000, limit: config.signInRatePerMinute, blockDuration: 60_000 }],
        storage,
      }),
    }),
  ],
  controllers: [AuthController, UnitsController, AdminUnitsController, AdminUsersController, AdminApprovalsController],
  providers: [
    { provide: APP_GUARD, useClass: AuthenticationGuard },
    // What the guard does to each route, for the OpenAPI document (libs/core/src/http/api-document.ts).
    { provide: RouteAccessDocumentation, useClass: AuthenticationDocumentation },
    AccessService,
    IdentityAccessRules,
    AccountChanges,
    AccountService,
    Directory,
    FailedProofs,
    ApprovalRepository,
    ApprovalService,
    PasswordService,
    SecurityEvents,
    SessionRepository,
    SessionService,
    SignInService,
    TotpService,
    UnitRepository,
    UnitService,
    UserAdminService,
    UserRepository,
  ],
  exports: [AccessService, Directory, PasswordService, TotpService],
})
export class IdentityModule {}
