import type { onboardingEn } from './onboarding.en';
import type { Translation } from './plural';

export const onboardingAr: Translation<typeof onboardingEn, 'ar'> = {
  'zones.none': 'لا توجد منطقة زمنية مطابقة. جرّب اسم مدينة أو دولة أو فرقًا مثل غرينتش+4.',
};
