/** job types of the assets domain (网络查控 / 冻结 / 扣划 / 查封) */
export const ASSETS_INQUIRE = 'assets.inquire';
export const ASSETS_FREEZE = 'assets.freeze';
export const ASSETS_DEDUCT = 'assets.deduct';
export const ASSETS_RECORD_SEIZURE = 'assets.record-seizure';
export const ASSETS_RENEW = 'assets.renew';
export const ASSETS_RELEASE = 'assets.release';
