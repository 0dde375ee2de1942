import { Foundation1764300000000 } from './1764300000000-foundation';
import { RoundsAndMatches1764400000000 } from './1764400000000-rounds-and-matches';
import { CohortDates1764510000000 } from './1764510000000-cohort-dates';
import { Mentorship1764600000000 } from './1764600000000-mentorship';
import { Surveys1764700000000 } from './1764700000000-surveys';
import { Certificates1764800000000 } from './1764800000000-certificates';
import { ApplicationEdits1764900000000 } from './1764900000000-application-edits';
import { LinkRequests1764910000000 } from './1764910000000-link-requests';
import { Announcements1764920000000 } from './1764920000000-announcements';
import { CohortEligibility1764930000000 } from './1764930000000-cohort-eligibility';
import { Staff1764930500000 } from './1764930500000-staff';
import { ApplicantMemory1764940000000 } from './1764940000000-applicant-memory';
import { Audit1765000000000 } from './1765000000000-audit';
import { PersonalData1765010000000 } from './1765010000000-personal-data';
import { RoundInstanceParts1765020000000 } from './1765020000000-round-instance-parts';

/** Listed explicitly so the built apps and the tests run the same migrations without globbing. */
export const MIGRATIONS = [Foundation1764300000000, RoundsAndMatches1764400000000, CohortDates1764510000000, Mentorship1764600000000, Surveys1764700000000, Certificates1764800000000,
  ApplicationEdits1764900000000,
  LinkRequests1764910000000,
  Announcements1764920000000,
  CohortEligibility1764930000000,
  Staff1764930500000,
  ApplicantMemory1764940000000,
  Audit1765000000000,
  PersonalData1765010000000,
  RoundInstanceParts1765020000000,
];
