// The forms of 政府开放日 (console and the public 报名 / 取消报名 forms), declared as schemas like the API bodies:
// which fields each form posts. Text where saveOpenDay / stepOpenDay / register / cancelRegistration check the
// values and name each bad field in Chinese; the hidden expectedVersion is an integer — a value that is not one
// was silently dropped (the edit saved without its version check) and is now refused.
import { Type } from '@sinclair/typebox';
import { textForm, versionField } from '../../platform/http/forms.ts';

const Version = Type.Object({ expectedVersion: versionField() });

/** 新建 / 修改 an open day. */
export const OpenDayForm = Type.Composite([
  textForm(['theme', 'unit', 'date', 'startTime', 'endTime', 'place', 'capacity', 'maxPeople', 'registrationOpens', 'registrationCloses', 'agenda', 'notes'], '政府开放日'),
  Version,
]);

/** 活动总结 (summary and 问答). */
export const SummaryForm = Type.Composite([textForm(['summary', 'qa'], '活动总结'), Version]);

/** A review step (step = submit / approve / return / publish; reason when returned). */
export const StepForm = textForm(['step', 'reason'], '审核和公开');

/** 取消活动 (the reason is shown to the registered). */
export const CancelForm = textForm(['reason'], '取消活动');

/** 上传照片: the photo's 说明 (a multipart text field). */
export const PhotoForm = textForm(['alt'], '上传照片');

/** 签到 (attended=0 takes it back). */
export const CheckinForm = textForm(['attended'], '签到');

/** The public 报名 form (website is the honeypot). */
export const RegistrationForm = textForm(['name', 'phone', 'people', 'website'], '报名');

/** The public 取消报名 form. */
export const CancelRegistrationForm = textForm(['receiptNo', 'phone'], '取消报名');
