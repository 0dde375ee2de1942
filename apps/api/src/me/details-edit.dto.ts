import { ApplicantRole, EDITABLE_FIELDS } from '@app/contracts';
import { MentorDetailsEdit, StudentDetailsEdit } from '@app/domain';
import { Type } from '@nestjs/common';
import { PartialType, PickType } from '@nestjs/swagger';
import { buildMessage, getMetadataStorage, ValidateBy, ValidateIf } from 'class-validator';
import { MentorApplicationDto, StudentApplicationDto } from '../applications/application.dto';

/**
 * The application forms' own rules for the fields an applicant may edit (PATCH /api/me), every one of them optional;
 * none may be null but a mentor's phone, which the form leaves optional too (skipNullProperties: false).
 */
export class MentorDetailsEditDto extends PartialType(PickType(MentorApplicationDto, EDITABLE_FIELDS.mentor), { skipNullProperties: false })
  implements MentorDetailsEdit {}

export class StudentDetailsEditDto extends PartialType(PickType(StudentApplicationDto, EDITABLE_FIELDS.student), { skipNullProperties: false })
  implements StudentDetailsEdit {}

/**
 * The form's other fields, sent at all, are a 400 with the rule `notEditable` (a field no form has stays `unknown`), so
 * a page can say that an email or a student number stays as submitted.
 */
function refuseTheRestOf(form: Type, edit: Type, editable: readonly string[]): void {
  const fields = new Set(getMetadataStorage().getTargetValidationMetadatas(form, '', true, false).map((meta) => meta.propertyName));
  for (const field of fields) {
    if (editable.includes(field)) continue;
    ValidateIf((_body: object, value: unknown) => value !== undefined)(edit.prototype, field);
    ValidateBy({
      name: 'notEditable',
      validator: { validate: () => false, defaultMessage: buildMessage(() => '$property cannot be changed: it stays as submitted') },
    })(edit.prototype, field);
  }
}

refuseTheRestOf(MentorApplicationDto, MentorDetailsEditDto, EDITABLE_FIELDS.mentor);
refuseTheRestOf(StudentApplicationDto, StudentDetailsEditDto, EDITABLE_FIELDS.student);

/** Whose fields a body is checked against: the role of the token that sent it. */
export const DETAILS_EDIT_DTO: Record<ApplicantRole, Type> = { mentor: MentorDetailsEditDto, student: StudentDetailsEditDto };
