import { Controller, Get, Req, Res, UnauthorizedException } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { PrometheusController } from '@willsoto/nestjs-prometheus';
import type { Request, Response } from 'express';
import { timingSafeEqual } from 'node:crypto';
import { ApiErrors, AppConfig, CoreErrorCode, defineApiSecuritySchemes, Public } from '@app/core';

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

const METRICS_SCHEME = 'metricsToken';
defineApiSecuritySchemes({
  [METRICS_SCHEME]: { type: 'http', scheme: 'bearer', description: 'METRICS_TOKEN: always set in production; where it is unset, /metrics is open' },
});

/** Prometheus metrics: behind a bearer token when METRICS_TOKEN is set (always in production: loadApiConfig requires it). */
@ApiTags('metrics')
@Controller()
export class MetricsController extends PrometheusController {
  constructor(private readonly config: AppConfig) {
    super();
  }

  @Get()
  @Public()
  @ApiProduces('text/plain')
  @ApiOkResponse({ schema: { type: 'string' }, description: 'Prometheus text exposition format' })
  @ApiSecurity(METRICS_SCHEME)
  @ApiErrors(CoreErrorCode.UNAUTHENTICATED)
  // The header is read from the request, not through @Headers(): the document describes it as the bearer scheme.
  override async index(@Res({ passthrough: true }) response: Response, @Req() request?: Request) {
    const token = this.config.metricsToken;
    if (token && !sameSecret(request?.headers.authorization ?? '', `Bearer ${token}`)) throw new UnauthorizedException();
    return super.index(response);
  }
}
