import { Body, Controller, Delete, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { apiPath, ApiErrors, Audited, CoreErrorCode, NotAudited, RequirePermission, UuidParam } from '@app/core';
import { CreateHolidayDto, HolidayListView, HolidayView, ListHolidaysQueryDto } from './dto/holiday.dto';
import { HolidayCalendar } from './holiday-calendar';
import { ReferralPermission } from './permissions';
import { ReferralErrorCode } from './referrals.exception';

@ApiTags('referrals')
@Controller(apiPath('admin/holidays'))
export class HolidaysController {
  constructor(private readonly calendar: HolidayCalendar) {}

  @Get()
  @RequirePermission(ReferralPermission.HolidayManage)
  @NotAudited('the public holidays: reference data, no case content')
  @ApiOkResponse({ type: HolidayListView, description: 'The days the offices are closed, in date order' })
  list(@Query() query: ListHolidaysQueryDto): Promise<HolidayListView> {
    return this.calendar.list(query.year);
  }

  @Post()
  @RequirePermission(ReferralPermission.HolidayManage)
  @Audited('holiday.added')
  @ApiCreatedResponse({ type: HolidayView })
  @ApiErrors(ReferralErrorCode.HOLIDAY_EXISTS)
  add(@Body() body: CreateHolidayDto): Promise<HolidayView> {
    return this.calendar.add(body);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission(ReferralPermission.HolidayManage)
  @Audited('holiday.removed')
  @ApiNoContentResponse({ description: 'Removed; deadlines counted from now on count that day again' })
  @ApiErrors(CoreErrorCode.NOT_FOUND)
  remove(@UuidParam('id') id: string): Promise<void> {
    return this.calendar.remove(id);
  }
}
