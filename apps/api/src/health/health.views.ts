import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** One check's result, as terminus reports it with what our indicators add. */
export class HealthIndicatorView {
  @ApiProperty({ enum: ['up', 'down'] }) status!: 'up' | 'down';
  @ApiPropertyOptional({ description: 'Why it is down' }) message?: string;
  @ApiPropertyOptional({ type: [String], description: 'redis: persistence settings that are wrong but tolerated here' }) warnings?: string[];
  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'worker: the latest heartbeat' }) lastBeatAt?: string;
  @ApiPropertyOptional({ type: 'integer', minimum: 0, description: 'worker: seconds since the latest heartbeat' }) ageSeconds?: number;
  @ApiPropertyOptional({ type: 'integer', minimum: 0, description: 'auditSealer: how long the oldest unsealed event has waited' })
  oldestUnsealedSeconds?: number;
}

/** The checks a route ran, by name (serving runs postgres only). */
export class HealthChecksView {
  @ApiPropertyOptional({ type: () => HealthIndicatorView }) postgres?: HealthIndicatorView;
  @ApiPropertyOptional({ type: () => HealthIndicatorView }) redis?: HealthIndicatorView;
  @ApiPropertyOptional({ type: () => HealthIndicatorView }) worker?: HealthIndicatorView;
  @ApiPropertyOptional({ type: () => HealthIndicatorView }) auditSealer?: HealthIndicatorView;
}

/** terminus's answer: the checks that are up (info), down (error), and all of them (details). */
export class HealthCheckView {
  @ApiProperty({ enum: ['ok', 'error'] }) status!: string;
  @ApiProperty({ type: () => HealthChecksView }) info!: HealthChecksView;
  @ApiProperty({ type: () => HealthChecksView }) error!: HealthChecksView;
  @ApiProperty({ type: () => HealthChecksView }) details!: HealthChecksView;
}

export class LiveView {
  @ApiProperty({ enum: ['ok'] }) status!: 'ok';
}
