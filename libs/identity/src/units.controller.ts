import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { apiPath, Audited, NotAudited, RequirePermission, toPage } from '@app/core';
import { AcceptanceHoursDto, CreateUnitDto, ListUnitsQueryDto, UpdateUnitDto } from './dto/identity.dto';
import { toMemberView, toUnitView } from './identity.views';
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
  async list(@Query() query: ListUnitsQueryDto) {
    return toPage(await this.units.list({ kind: query.kind }, query), query, toUnitView);
  }

  @Get(':id')
  @RequirePermission(IdentityPermission.UnitRead)
  @NotAudited('reference data: one unit or centre')
  async get(@Param('id', ParseUUIDPipe) id: string) {
    return toUnitView(await this.units.get(id));
  }

  @Get(':id/members')
  @RequirePermission(IdentityPermission.UnitMembersRead)
  @Audited('unit.members_viewed')
  async members(@Param('id', ParseUUIDPipe) id: string) {
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
  async create(@Body() body: CreateUnitDto) {
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
        active: true,
      }),
    );
  }

  @Patch(':id')
  @RequirePermission(IdentityPermission.UnitManage)
  @Audited('unit.updated')
  async update(@Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateUnitDto) {
    const { version, ...changes } = body;
    return toUnitView(await this.units.update(id, version, unitChangesOf(changes)));
  }
}

/** The fields a PATCH names (null clears a clearable one), as plain values: absent ones stay as they are. */
function unitChangesOf(changes: Omit<UpdateUnitDto, 'version'>): Partial<UnitFields> {
  const named = Object.entries(changes).filter(([, value]) => value !== undefined);
  return Object.fromEntries(named.map(([field, value]) => [field, field === 'acceptanceHours' && value ? { ...(value as AcceptanceHoursDto) } : value]));
}
