import { ApiProperty } from '@nestjs/swagger';

/** A sensitive value as detail views show it: whether one exists, and a hint that gives nothing away. */
export class MaskedValue {
  @ApiProperty({ description: 'Whether a value is recorded' })
  present!: boolean;

  @ApiProperty({ type: String, nullable: true, description: 'e.g. `•••• 3456` for a phone or document number, `••••` for text' })
  masked!: string | null;
}

const DOTS = '••••';

/** Text: only whether it exists. */
export const maskedText = (value: string | null | undefined): MaskedValue => ({ present: !!value, masked: value ? DOTS : null });

/** A number (phone, document): its last four characters, as people confirm one over the phone. */
export const maskedNumber = (value: string | null | undefined): MaskedValue =>
  value ? { present: true, masked: value.length > 6 ? `${DOTS} ${value.slice(-4)}` : DOTS } : { present: false, masked: null };
