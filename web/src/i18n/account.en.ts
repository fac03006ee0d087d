/** The account's Security page, forgotten passwords, and why a password is refused. */
export const accountEn = {
  'nav.security': 'Security',
  'security.title': 'Security',
  'security.subtitle': 'Your password, two-step sign-in and where you are signed in.',

  'security.password.title': 'Change password',
  'security.password.intro': 'Other devices are signed out when you change it; this one stays signed in.',
  'security.password.current': 'Current password',
  'security.password.new': 'New password',
  'security.password.confirm': 'New password again',
  'security.password.mismatch': 'The two passwords are not the same.',
  'security.password.submit': 'Change password',
  'security.password.done': 'Password changed. Your other devices were signed out.',

  'security.sessions.title': 'Where you are signed in',
  'security.sessions.intro': 'Sign out any device you do not recognise or no longer use.',
  'security.sessions.device': '{browser} on {os}',
  'security.sessions.unknownDevice': 'Unknown device',
  'security.sessions.thisDevice': 'This device',
  'security.sessions.details': 'Signed in {created} · last used {lastSeen}',
  'security.sessions.from': 'from {ip}',
  'security.sessions.signOut': 'Sign out',
  'security.sessions.signOutDevice': 'Sign out {device}',
  'security.sessions.signOutOthers': 'Sign out everywhere else',
  'security.sessions.onlyThis': 'You are signed in on this device only.',
  'security.sessions.signedOut': {
    one: 'Signed out {count} other device.',
    other: 'Signed out {count} other devices.',
  },

  'forgot.link': 'Forgot password?',
  'forgot.title': 'Forgot your password?',
  'forgot.subtitle':
    'Enter your email. If it has a Cliniclick account, we will email you a link to choose a new password.',
  'forgot.email': 'Email',
  'forgot.submit': 'Email me a link',
  'forgot.sent':
    'If {email} has an account, a link is on its way. It works once, for 30 minutes. Check your spam folder too.',
  'forgot.back': 'Back to sign in',

  'reset.title': 'Choose a new password',
  'reset.subtitle': 'You will be signed out everywhere, then you can sign in with the new password.',
  'reset.password': 'New password',
  'reset.confirm': 'New password again',
  'reset.submit': 'Save new password',
  'reset.done': 'Your password is changed. Sign in with it now.',
  'reset.noToken': 'This page needs the link from the email. Open the link again, or ask for a new one.',
  'reset.signIn': 'Sign in',

  'password.hint':
    'At least 10 characters. A few unrelated words make a strong password; any characters are fine.',
  'errors.password_too_short': 'Use at least 10 characters.',
  'errors.password_too_common':
    'This password is one of the most common or leaked ones and is easy to guess. Choose another.',
  'errors.password_contains_personal_info': 'Do not use your name or email address in your password.',
  'errors.wrong_password': 'Your current password is not right.',
  'errors.no_password': 'This account signs in with a code by SMS; it has no password.',
  'errors.reset_invalid': 'This link is no longer valid (used, replaced or expired). Ask for a new one.',
  'errors.try_again': 'Something changed at the same moment. Try again.',
} as const;
