import type { accountEn } from './account.en';
import type { Translation } from './plural';

export const accountAr: Translation<typeof accountEn, 'ar'> = {
  'nav.security': 'الأمان',
  'security.title': 'الأمان',
  'security.subtitle': 'كلمة المرور وتسجيل الدخول بخطوتين والأجهزة التي سجّلت الدخول منها.',

  'security.password.title': 'تغيير كلمة المرور',
  'security.password.intro': 'عند تغييرها يُسجَّل خروج أجهزتك الأخرى، ويبقى هذا الجهاز متصلًا.',
  'security.password.current': 'كلمة المرور الحالية',
  'security.password.new': 'كلمة المرور الجديدة',
  'security.password.confirm': 'أعد كتابة كلمة المرور الجديدة',
  'security.password.mismatch': 'كلمتا المرور غير متطابقتين.',
  'security.password.submit': 'تغيير كلمة المرور',
  'security.password.done': 'تم تغيير كلمة المرور وتسجيل خروج أجهزتك الأخرى.',

  'security.sessions.title': 'أين سجّلت الدخول',
  'security.sessions.intro': 'سجّل خروج أي جهاز لا تعرفه أو لم تعد تستخدمه.',
  'security.sessions.device': '{browser} على {os}',
  'security.sessions.unknownDevice': 'جهاز غير معروف',
  'security.sessions.thisDevice': 'هذا الجهاز',
  'security.sessions.details': 'تسجيل الدخول {created} · آخر استخدام {lastSeen}',
  'security.sessions.from': 'من {ip}',
  'security.sessions.signOut': 'تسجيل الخروج',
  'security.sessions.signOutDevice': 'تسجيل خروج {device}',
  'security.sessions.signOutOthers': 'تسجيل الخروج من كل الأجهزة الأخرى',
  'security.sessions.onlyThis': 'أنت مسجّل الدخول على هذا الجهاز فقط.',
  'security.sessions.signedOut': {
    zero: 'لم يُسجَّل خروج أي جهاز آخر.',
    one: 'تم تسجيل خروج جهاز آخر واحد.',
    two: 'تم تسجيل خروج جهازين آخرين.',
    few: 'تم تسجيل خروج {count} أجهزة أخرى.',
    many: 'تم تسجيل خروج {count} جهازًا آخر.',
    other: 'تم تسجيل خروج {count} جهاز آخر.',
  },

  'forgot.link': 'نسيت كلمة المرور؟',
  'forgot.title': 'هل نسيت كلمة المرور؟',
  'forgot.subtitle':
    'أدخل بريدك الإلكتروني. إن كان له حساب في Cliniclick فسنرسل إليه رابطًا لاختيار كلمة مرور جديدة.',
  'forgot.email': 'البريد الإلكتروني',
  'forgot.submit': 'أرسل لي رابطًا',
  'forgot.sent':
    'إن كان للعنوان {email} حساب فالرابط في طريقه إليك. يعمل مرة واحدة خلال 30 دقيقة. تحقّق من مجلد الرسائل غير المرغوب فيها أيضًا.',
  'forgot.back': 'العودة إلى تسجيل الدخول',

  'reset.title': 'اختر كلمة مرور جديدة',
  'reset.subtitle': 'سيُسجَّل خروجك من كل الأجهزة، ثم يمكنك الدخول بكلمة المرور الجديدة.',
  'reset.password': 'كلمة المرور الجديدة',
  'reset.confirm': 'أعد كتابة كلمة المرور الجديدة',
  'reset.submit': 'حفظ كلمة المرور الجديدة',
  'reset.done': 'تم تغيير كلمة المرور. سجّل الدخول بها الآن.',
  'reset.noToken': 'تحتاج هذه الصفحة إلى الرابط الموجود في البريد. افتح الرابط مرة أخرى أو اطلب رابطًا جديدًا.',
  'reset.signIn': 'تسجيل الدخول',

  'password.hint': '10 أحرف على الأقل. بضع كلمات لا رابط بينها تصنع كلمة مرور قوية، وكل الأحرف مقبولة.',
  'errors.password_too_short': 'استخدم 10 أحرف على الأقل.',
  'errors.password_too_common': 'كلمة المرور هذه من أكثر الكلمات شيوعًا أو تسرّبًا ويسهل تخمينها. اختر غيرها.',
  'errors.password_contains_personal_info': 'لا تستخدم اسمك أو بريدك الإلكتروني في كلمة المرور.',
  'errors.wrong_password': 'كلمة المرور الحالية غير صحيحة.',
  'errors.no_password': 'يسجّل هذا الحساب الدخول برمز عبر الرسائل القصيرة، وليست له كلمة مرور.',
  'errors.reset_invalid': 'لم يعد هذا الرابط صالحًا (استُخدم أو استُبدل أو انتهت مدته). اطلب رابطًا جديدًا.',
  'errors.try_again': 'حدث تغيير في اللحظة نفسها. حاول مرة أخرى.',
};
