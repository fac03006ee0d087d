/** Where the account's Security page is under every panel's root (clinic panels and the console). */
export const SECURITY_PATH = 'security';
