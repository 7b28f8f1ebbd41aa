import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { Trimmed } from '@app/core';

const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export class CreateHolidayDto {
  @ApiProperty({ example: '2026-12-18', pattern: DAY.source, description: 'The local date the offices are closed (YYYY-MM-DD, 2000–2199)' })
  @IsString()
  @Matches(DAY)
  day!: string;

  @ApiProperty({ minLength: 1, maxLength: 120, example: 'اليوم الوطني' })
  @Trimmed()
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  nameAr!: string;

  @ApiProperty({ minLength: 1, maxLength: 120, example: 'National Day' })
  @Trimmed()
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  nameEn!: string;
}

export class ListHolidaysQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 2000, maximum: 2199, description: 'Only this year’s days; all from last year on by default' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2199)
  year?: number;
}

export class HolidayView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '2026-12-18' }) day!: string;
  @ApiProperty() nameAr!: string;
  @ApiProperty() nameEn!: string;
}

export class HolidayListView {
  @ApiProperty({ type: [HolidayView] }) items!: HolidayView[];
}
