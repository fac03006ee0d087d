import type { frontdeskEn } from './frontdesk.en';
import type { Translation } from './plural';

export const frontdeskAr: Translation<typeof frontdeskEn, 'ar'> = {
  'frontdesk.when': '{day}، {time}',
  'frontdesk.booked': 'تم حجز {patient} مع {doctor}، {when}.',
  'frontdesk.bookedSeries': {
    zero: 'لم تُحجز أي زيارة لـ{patient} مع {doctor} ابتداءً من {when}.',
    one: 'تم حجز زيارة واحدة لـ{patient} مع {doctor}، ابتداءً من {when}.',
    two: 'تم حجز زيارتين لـ{patient} مع {doctor}، ابتداءً من {when}.',
    few: 'تم حجز {count} زيارات لـ{patient} مع {doctor}، ابتداءً من {when}.',
    many: 'تم حجز {count} زيارة لـ{patient} مع {doctor}، ابتداءً من {when}.',
    other: 'تم حجز {count} زيارة لـ{patient} مع {doctor}، ابتداءً من {when}.',
  },
  'frontdesk.moved': 'تم نقل موعد {patient} إلى {when} مع {doctor}.',
  'frontdesk.cancelled': 'تم إلغاء زيارة {patient} في {when}.',
  'frontdesk.changed': '{patient}، {when}: الحالة الآن «{status}».',
  'frontdesk.undo': 'تراجع',
  'frontdesk.undoneBooking': 'تم التراجع: أُلغيت زيارة {patient} في {when}.',
  'frontdesk.undoneMove': 'تم التراجع: عاد موعد {patient} إلى {when} مع {doctor}.',
  'frontdesk.undoneCancel': 'تم التراجع: حُجز {patient} من جديد في {when}.',
  'frontdesk.undoReason': 'حُجز عن طريق الخطأ',
  'frontdesk.dismiss': 'إخفاء هذه الرسالة',

  'frontdesk.earliest': 'أقرب وقت متاح',
  'frontdesk.earliestLabel': 'أقرب وقت متاح',
  'frontdesk.noneSoon': 'لا يوجد وقت متاح لهذه الخدمة خلال الشهر القادم. ابحث أبعد من ذلك أدناه.',
  'frontdesk.notFree': 'الساعة {time} غير متاحة لهذه الخدمة. اختر وقتًا من القائمة أدناه.',
  'frontdesk.serviceHint': 'الخدمة الأكثر حجزًا هنا؛ غيّرها إن لزم الأمر.',
  'frontdesk.bookAtTime': 'احجز الساعة {time}',
  'frontdesk.clickToBook': 'انقر أو المس وقتًا فارغًا لحجزه.',

  'frontdesk.addTyped': 'أضف «{name}» مريضًا جديدًا',

  'frontdesk.moveTo': 'انقل إلى',
  'frontdesk.moreTimes': 'أوقات أخرى…',
  'frontdesk.moveConfirm': 'هل تنقل موعد {patient} من {from} إلى {to} مع {doctor}؟',
  'frontdesk.moveYes': 'انقل',
  'frontdesk.pickAgain': 'اختر وقتًا آخر',

  'frontdesk.reasons': 'سبب الإلغاء',
  'frontdesk.reason.patientCancelled': 'ألغى المريض الموعد',
  'frontdesk.reason.unwell': 'المريض متوعك',
  'frontdesk.reason.doctorAway': 'الطبيب غير متاح',
  'frontdesk.reason.mistake': 'حُجز عن طريق الخطأ',
};
