import { ApiProperty } from '@nestjs/swagger';

/** Money in an answer: integer minor units and an ISO 4217 code (negative on credits). */
export class MoneyAmountDto {
  @ApiProperty({ type: 'integer', example: 120, description: 'Minor units (pence, cents); negative on credits' })
  amount!: number;

  @ApiProperty({ example: 'GBP', description: 'ISO 4217' })
  currency!: string;
}
