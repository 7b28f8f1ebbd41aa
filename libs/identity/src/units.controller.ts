import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { apiPath, ApiErrors, Audited, CoreErrorCode, NotAudited, Page, pageOf, RequirePermission, toPage, UuidParam } from '@app/core';
import { AcceptanceHoursDto, CreateUnitDto, ListUnitsQueryDto, UpdateUnitDto } from './dto/identity.dto';
import { IdentityErrorCode } from './identity.exception';
import { MemberList, toMemberView, toUnitView, UnitView } from './identity.views';
import { IdentityPermission } from './permissions';
import { UnitFields } from './unit.repository';
import { UnitService } from './unit.service';

@ApiTags('units')
@Controller(apiPath('units'))
export class UnitsController {
  constructor(private readonly units: UnitService) {}

  @Get()
  @RequirePermission(IdentityPermission.UnitRead)
  @NotAudited('reference data: unit and centre names, services, deadlines')
  @ApiOkResponse({ type: pageOf(UnitView) })
  async list(@Query() query: ListUnitsQueryDto): Promise<Page<UnitView>> {
    return toPage(await this.units.list({ kind: query.kind }, query), query, toUnitView);
  }

  @Get(':id')
  @RequirePermission(IdentityPermission.UnitRead)
  @NotAudited('reference data: one unit or centre')
  @ApiOkResponse({ type: UnitView })
  @ApiErrors(CoreErrorCode.NOT_FOUND)
  async get(@UuidParam('id') id: string): Promise<UnitView> {
    return toUnitView(await this.units.get(id));
  }

  @Get(':id/members')
  @RequirePermission(IdentityPermission.UnitMembersRead)
  @Audited('unit.members_viewed')
  @ApiOkResponse({ type: MemberList, description: 'The active members of your own unit' })
  @ApiErrors(CoreErrorCode.NOT_FOUND)
  async members(@UuidParam('id') id: string): Promise<MemberList> {
    return { items: (await this.units.members(id)).map(toMemberView) };
  }
}

@ApiTags('admin')
@Controller(apiPath('admin/units'))
export class AdminUnitsController {
  constructor(private readonly units: UnitService) {}

  @Post()
  @RequirePermission(IdentityPermission.UnitManage)
  @Audited('unit.created')
  @ApiCreatedResponse({ type: UnitView })
  @ApiErrors(
    IdentityErrorCode.UNIT_CODE_TAKEN,
    IdentityErrorCode.UNIT_NOT_FOUND,
    IdentityErrorCode.CENTRE_FIELDS_ON_NON_CENTRE,
    IdentityErrorCode.OFFICE_HOURS_ORDER,
  )
  async create(@Body() body: CreateUnitDto): Promise<UnitView> {
    return toUnitView(
      await this.units.create({
        kind: body.kind,
        code: body.code,
        nameAr: body.nameAr,
        nameEn: body.nameEn,
        parentId: body.parentId ?? null,
        timeZone: body.timeZone ?? 'Asia/Qatar',
        services: body.services ?? [],
        caseCategories: body.caseCategories ?? [],
        officeLocation: body.officeLocation ?? null,
        acceptanceHours: body.acceptanceHours ? { ...body.acceptanceHours } : null,
        officeOpens: body.officeOpens ?? '07:00',
        officeCloses: body.officeCloses ?? '14:00',
        calendarHoursUrgencies: body.calendarHoursUrgencies ?? ['critical'],
        active: true,
      }),
    );
  }

  @Patch(':id')
  @RequirePermission(IdentityPermission.UnitManage)
  @Audited('unit.updated')
  @ApiOkResponse({ type: UnitView })
  @ApiErrors(
    CoreErrorCode.NOT_FOUND,
    CoreErrorCode.STALE_VERSION,
    IdentityErrorCode.UNIT_NOT_FOUND,
    IdentityErrorCode.UNIT_PARENT_INVALID,
    IdentityErrorCode.CENTRE_FIELDS_ON_NON_CENTRE,
    IdentityErrorCode.OFFICE_HOURS_ORDER,
  )
  async update(@UuidParam('id') id: string, @Body() body: UpdateUnitDto): Promise<UnitView> {
    const { version, ...changes } = body;
    return toUnitView(await this.units.update(id, version, unitChangesOf(changes)));
  }
}

/** The fields a PATCH names (null clears a clearable one), as plain values: absent ones stay as they are. */
function unitChangesOf(changes: Omit<UpdateUnitDto, 'version'>): Partial<UnitFields> {
  const named = Object.entries(changes).filter(([, value]) => value !== undefined);
  return Object.fromEntries(named.map(([field, value]) => [field, field === 'acceptanceHours' && value ? { ...(value as AcceptanceHoursDto) } : value]));
}
