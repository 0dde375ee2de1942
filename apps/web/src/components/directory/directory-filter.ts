import type { MentorCard } from '@app/contracts';

export interface DirectoryFilter {
  /** Words anywhere on the card: name, organization, title, major, department, industry, city, topics, bio. */
  query: string;
  /** One topic, or '' for every topic. */
  topic: string;
  onlyWithPlaces: boolean;
}

function cardText(mentor: MentorCard): string {
  return [mentor.displayName, mentor.organization, mentor.title, mentor.major, mentor.department, mentor.industry, mentor.city, mentor.bio, ...mentor.topics]
    .join(' ').toLowerCase();
}

export function matchesFilter(mentor: MentorCard, { query, topic, onlyWithPlaces }: DirectoryFilter): boolean {
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const text = cardText(mentor);
  return words.every((word) => text.includes(word))
    && (!topic || mentor.topics.includes(topic))
    && (!onlyWithPlaces || mentor.remainingCapacity > 0);
}

/** Mentors with places left come first (most places first); a full mentor can still be read, but last. */
export function byPlacesFirst(a: MentorCard, b: MentorCard): number {
  const open = Number(b.remainingCapacity > 0) - Number(a.remainingCapacity > 0);
  return open || b.remainingCapacity - a.remainingCapacity || a.id - b.id;
}
