/** Setting up: the time-zone picker, a clinic's suggested address, and adding a doctor in one flow. */
export const onboardingEn = {
  'zones.none': 'No time zone matches. Try a city, a country or an offset like GMT+4.',
} as const;
