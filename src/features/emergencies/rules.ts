// 应急/疫情信息发布: the lists and the on-duty rule, as pure functions (the Atom feed: platform/views/feeds.ts).
export const CATEGORIES = ['公共卫生事件', '自然灾害', '事故灾难', '社会安全事件'] as const;

/** Longest duty a unit admin may set at once (hours). */
export const MAX_DUTY_HOURS = 72;

/** A reviewer is on duty while `now` is before the end of the duty that was set. */
export function onDuty(duty: { on_until: string } | undefined | null, now: string): boolean {
  return !!duty && duty.on_until > now;
}

