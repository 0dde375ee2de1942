import { ValueTransformer } from 'typeorm';

/** mysql2 returns DECIMAL and BIGINT as strings; these columns hold small numbers we compute with. */
export const numeric: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null ? null : Number(value)),
};
