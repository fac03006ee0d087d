/** Two-step sign-in (TOTP): the Security page card, the sign-in code step, the owner's rule. */
export const mfaEn = {
  'mfa.title': 'Two-step sign-in',
  'mfa.intro':
    'After your password, Cliniclick asks for a 6-digit code from an authenticator app on your phone (for example Google Authenticator, Microsoft Authenticator or 1Password). Someone who learns your password still cannot sign in.',
  'mfa.statusOn': 'On since {date}.',
  'mfa.statusOff': 'Off: your password alone signs you in.',
  'mfa.recoveryLeft': {
    one: '{count} recovery code left.',
    other: '{count} recovery codes left.',
  },
  'mfa.start': 'Set up two-step sign-in',
  'mfa.scan': '1. In your authenticator app, add an account and scan this code.',
  'mfa.qrAlt': 'QR code that adds Cliniclick to an authenticator app',
  'mfa.manual': 'Cannot scan it? Type this key into the app instead:',
  'mfa.copyKey': 'Copy key',
  'mfa.copied': 'Copied',
  'mfa.enterCode': '2. Type the 6-digit code the app now shows for Cliniclick.',
  'mfa.code': 'Code from the app',
  'mfa.confirm': 'Turn on',
  'mfa.enabled': 'Two-step sign-in is on.',
  'mfa.enabledOthers': {
    one: 'Two-step sign-in is on. {count} other device was signed out.',
    other: 'Two-step sign-in is on. {count} other devices were signed out.',
  },
  'mfa.codes.title': 'Your recovery codes',
  'mfa.codes.intro':
    'If you lose your phone, each of these codes signs you in once instead of the app. Save them somewhere safe now (a password manager, or printed): they are shown only this once.',
  'mfa.codes.copy': 'Copy codes',
  'mfa.codes.download': 'Download',
  'mfa.codes.done': 'I have saved them',
  'mfa.codes.file': 'Cliniclick recovery codes for {email}. Each code works once.',
  'mfa.codeOrRecovery': 'Code from the app, or a recovery code',
  'mfa.password': 'Password',
  'mfa.off.open': 'Turn off',
  'mfa.off.title': 'Turn off two-step sign-in',
  'mfa.off.intro': 'Type your password and a code from the app (or a recovery code).',
  'mfa.off.submit': 'Turn off',
  'mfa.off.done': 'Two-step sign-in is off.',
  'mfa.renew.open': 'New recovery codes',
  'mfa.renew.title': 'New recovery codes',
  'mfa.renew.intro': 'Type a code from the app. Your old recovery codes stop working.',
  'mfa.renew.submit': 'Get new codes',

  'mfa.signIn.title': 'Two-step sign-in',
  'mfa.signIn.intro': 'Open your authenticator app and type the 6-digit code it shows for Cliniclick.',
  'mfa.signIn.code': 'Code',
  'mfa.signIn.submit': 'Sign in',
  'mfa.signIn.useRecovery': 'Use a recovery code instead',
  'mfa.signIn.useApp': 'Use the code from the app',
  'mfa.signIn.recovery': 'Recovery code',
  'mfa.signIn.recoveryHint':
    'One of the codes you saved when you set this up, like abcde-fghjk. Each works once.',
  'mfa.signIn.restart': 'Start again',

  'mfa.required.title': 'Set up two-step sign-in to continue',
  'mfa.required.intro':
    'Your clinic (or, for the platform console, Cliniclick) requires a code from a phone app as well as your password. It takes a minute.',
  'mfa.required.again':
    'Two-step sign-in is on for your account, but this device was signed in without it. Sign out, then sign in again with a code.',
  'mfa.required.continue': 'Continue',
  'mfa.required.signOut': 'Sign out',

  'mfa.policy.title': 'Two-step sign-in for staff',
  'mfa.policy.intro':
    'When required, everyone on this clinic’s staff must sign in with a code from a phone app as well as their password. Anyone without it is asked to set it up before they can continue. Other clinics are not affected.',
  'mfa.policy.switch': 'Require two-step sign-in',
  'mfa.policy.on': 'Required: staff without it must set it up before they can continue.',
  'mfa.policy.off': 'Not required.',
  'mfa.policy.col': 'Two-step sign-in',
  'mfa.policy.memberOn': 'On',
  'mfa.policy.memberOff': 'Off',

  'errors.mfa_code_invalid':
    'That code is not right. Check that the time on your phone is correct, and try the newest code.',
  'errors.mfa_code_used': 'That code was just used. Wait for the app to show the next one.',
  'errors.mfa_challenge_invalid':
    'This sign-in took too long or had too many tries. Start again with your email and password.',
  'errors.mfa_already_enabled': 'Two-step sign-in is already on.',
  'errors.mfa_not_enabled': 'Two-step sign-in is not on.',
  'errors.mfa_not_started': 'Start the set-up again.',
  'errors.mfa_required': 'Two-step sign-in is required here. Set it up to continue.',
  'errors.mfa_enroll_first':
    'Turn on two-step sign-in for your own account first (Security page), then require it of your staff.',
} as const;
