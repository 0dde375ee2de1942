import { Transform } from 'class-transformer';

/** `?status=` sent empty means "no filter", as a form with an unselected option sends it. */
export const EmptyAsUnset = () => Transform(({ value }: { value: unknown }) => (value === '' ? undefined : value));

export const OptionalNumber = () => Transform(({ value }: { value: unknown }) => (value === '' || value === undefined ? undefined : Number(value)));
