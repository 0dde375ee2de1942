import { ArgumentMetadata, BadRequestException, Injectable, PipeTransform } from '@nestjs/common';

/** Route ids are positive integers; anything else is a 400 that names the parameter. */
@Injectable()
export class IdPipe implements PipeTransform<string, number> {
  transform(value: string, metadata: ArgumentMetadata): number {
    const id = Number(value);
    if (!/^\d{1,10}$/.test(value) || id < 1 || id > 0xffffffff) {
      throw new BadRequestException([`${metadata.data ?? 'id'} must be a positive integer`]);
    }
    return id;
  }
}
