import { Body, Controller, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { apiPath, ApiErrors, Audited, CoreErrorCode, IdempotencyKey, ReadOnlyPost, RequirePermission, UuidParam } from '@app/core';
import { DatabaseErrorCode } from '@app/database';
import { CasesErrorCode } from './cases.exception';
import { PersonRevealView, PersonSummaryList, PersonView, SuggestionList } from './cases.views';
import { CreatePersonDto, PersonSearchDto, PersonSuggestionsDto, RevealPersonDto, UpdatePersonDto } from './dto/person.dto';
import { PersonPermission } from './permissions';
import { PersonService } from './person.service';
import { PersonSensitiveField } from './vocabulary';

@ApiTags('persons')
@Controller(apiPath('persons'))
export class PersonsController {
  constructor(private readonly persons: PersonService) {}

  @Post()
  @RequirePermission(PersonPermission.Create)
  @Audited('person.created')
  @ApiCreatedResponse({ type: PersonView, description: 'A person of your unit (a retry with the same Idempotency-Key answers the same person)' })
  @ApiErrors(DatabaseErrorCode.IDEMPOTENCY_KEY_REUSED)
  create(@Body() body: CreatePersonDto, @IdempotencyKey() key: string | undefined): Promise<PersonView> {
    return this.persons.create(body, key);
  }

  @Post('search')
  @HttpCode(200)
  @ReadOnlyPost()
  @RequirePermission(PersonPermission.Search)
  @Audited('person.searched')
  @ApiOkResponse({ type: PersonSummaryList, description: 'Persons you may open (a subject of a case you read, or recorded by you)' })
  @ApiErrors(CasesErrorCode.SEARCH_EMPTY)
  search(@Body() body: PersonSearchDto): Promise<PersonSummaryList> {
    return this.persons.search(body);
  }

  @Post('suggestions')
  @HttpCode(200)
  @ReadOnlyPost()
  @RequirePermission(PersonPermission.Suggest)
  @Audited('person.suggestions_viewed')
  @ApiOkResponse({ type: SuggestionList, description: 'Possible duplicates among your unit’s persons: names, birth year and why; never merged' })
  suggestions(@Body() body: PersonSuggestionsDto): Promise<SuggestionList> {
    return this.persons.suggestions(body);
  }

  @Get(':id')
  @RequirePermission(PersonPermission.Read)
  @Audited('person.viewed')
  @ApiOkResponse({ type: PersonView, description: 'Sensitive fields masked; reveal them field by field' })
  @ApiErrors(CoreErrorCode.NOT_FOUND)
  get(@UuidParam('id') id: string): Promise<PersonView> {
    return this.persons.get(id);
  }

  @Patch(':id')
  @RequirePermission(PersonPermission.Update)
  @Audited('person.updated')
  @ApiOkResponse({ type: PersonView })
  @ApiErrors(CoreErrorCode.NOT_FOUND, CoreErrorCode.STALE_VERSION)
  update(@UuidParam('id') id: string, @Body() body: UpdatePersonDto): Promise<PersonView> {
    return this.persons.update(id, body);
  }

  @Post(':id/reveal')
  @HttpCode(200)
  @ReadOnlyPost()
  @RequirePermission(PersonPermission.Reveal)
  @Audited('person.revealed')
  @ApiOkResponse({ type: PersonRevealView, description: 'The plaintext of the fields named; phones come with the safe-contact instructions' })
  @ApiErrors(CoreErrorCode.NOT_FOUND)
  reveal(@UuidParam('id') id: string, @Body() body: RevealPersonDto): Promise<PersonRevealView> {
    return this.persons.reveal(id, body.fields as PersonSensitiveField[]);
  }
}
