import { ArgumentMetadata, BadRequestException, Injectable, PipeTransform } from '@nestjs/common';

/** The one spelling of each id: no sign, no leading zero, no more than the column holds. */
const CANONICAL_ID = /^[1-9]\d{0,9}$/;

/** Route ids are positive integers written canonically (so `00001` is not cohort 1); anything else is a 400 that names the parameter. */
@Injectable()
export class IdPipe implements PipeTransform<string, number> {
  transform(value: string, metadata: ArgumentMetadata): number {
    const id = Number(value);
    if (typeof value !== 'string' || !CANONICAL_ID.test(value) || id > 0xffffffff) {
      throw new BadRequestException([`${metadata.data ?? 'id'} must be a positive integer`]);
    }
    return id;
  }
}
