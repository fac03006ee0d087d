import { localTimeOf } from '@cliniclick/time';

/** The waitlist's pure rules: which wish fits a freed time, in which order wishes are served. */

export const PARTS_OF_DAY = ['morning', 'afternoon', 'evening'] as const;
export type PartOfDay = (typeof PARTS_OF_DAY)[number];
export const WISH_STATUSES = ['waiting', 'offered', 'booked', 'withdrawn', 'expired'] as const;
export type WishStatus = (typeof WISH_STATUSES)[number];
export const WISH_SOURCES = ['staff', 'site', 'patient'] as const;
export type WishSource = (typeof WISH_SOURCES)[number];
export const OFFER_STATUSES = ['open', 'claimed', 'declined', 'lapsed', 'gone'] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];
export type OfferMode = 'one' | 'all';
/** 0 normal, 1 high, 2 urgent: staff raise it; higher is served first. */
export const PRIORITIES = ['normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

/**
 * How freed times are offered: the clinic's own mode and minutes come from its online booking
 * settings (booking module); the fan-out is ours.
 */
export interface OfferSettings {
  mode: OfferMode;
  /** How long an offer (and, in mode 'one', its hold) lasts. */
  minutes: number;
  /** In mode 'all': how many wishes hear of one freed time at once. */
  fanOut: number;
}

export const DEFAULT_OFFER_SETTINGS: OfferSettings = { mode: 'one', minutes: 15, fanOut: 5 };

/** Local minute bounds: morning before 12:00, afternoon 12:00–17:00, evening from 17:00. */
export function partOfDay(minute: number): PartOfDay {
  if (minute < 12 * 60) return 'morning';
  if (minute < 17 * 60) return 'afternoon';
  return 'evening';
}

export interface WishFit {
  doctorId: string | null;
  serviceId: string | null;
  fromDate: string;
  toDate: string;
  parts: readonly PartOfDay[];
}

export interface FreedTime {
  doctorId: string;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
}

/** Whether a wish's doctor, dates and parts of the day fit a freed time (the service is checked apart). */
export function wishFits(wish: WishFit, time: FreedTime): boolean {
  if (wish.doctorId !== null && wish.doctorId !== time.doctorId) return false;
  const { day, minutes } = localTimeOf(time.startsAt, time.timeZone);
  if (day < wish.fromDate || day > wish.toDate) return false;
  return wish.parts.length === 0 || wish.parts.includes(partOfDay(minutes));
}

export interface Queued {
  priority: number;
  createdAt: Date;
  id: string;
}

/** Priority first (urgent before normal), then who has waited longest; the id breaks ties. */
export function byQueueOrder(a: Queued, b: Queued): number {
  return (
    b.priority - a.priority ||
    a.createdAt.getTime() - b.createdAt.getTime() ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}
