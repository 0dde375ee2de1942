import { ApplicantRole } from '@app/contracts';
import { MentorApplication } from './mentor-application.entity';
import { StudentApplication } from './student-application.entity';

/** The table behind each applicant role. */
export const APPLICATION_ENTITY = { mentor: MentorApplication, student: StudentApplication } as const satisfies Record<ApplicantRole, unknown>;
