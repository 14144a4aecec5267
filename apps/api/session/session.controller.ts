import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ReadsFrom } from '../../../libs/infra/http/read-your-writes.guard';
import { CurrentPrincipal, Roles, ROLES, type Principal, type Role } from '../../../libs/infra/auth/auth';

export class SessionDto {
  @ApiProperty({ example: 'admin', description: "The token's subject (`sub`)" })
  subject!: string;

  @ApiProperty({ enum: ROLES, description: 'vendor (its own account), finance or admin' })
  role!: Role;

  @ApiProperty({ type: String, nullable: true, example: 'acme-bakery', description: "A vendor's own account; null for finance and admin" })
  accountId!: string | null;
}

/**
 * Who the bearer token speaks for, as the server verified it. The web app asks this first: it
 * decides between the console and the portal, and an expired or forged token is told so in a
 * sentence before any page is drawn.
 */
@ApiTags('session')
@ApiBearerAuth()
@Controller('v1/me')
export class SessionController {
  @Get()
  @Roles('vendor', 'finance')
  @ReadsFrom()
  @ApiOperation({ summary: 'Who this token speaks for: subject, role and, for a vendor, its account' })
  @ApiOkResponse({ type: SessionDto })
  me(@CurrentPrincipal() who: Principal): SessionDto {
    return { subject: who.sub, role: who.role, accountId: who.role === 'vendor' ? (who.accountId ?? null) : null };
  }
}
