/** job types of the auction domain (司法网拍) */
export const AUCTION_REGISTER = 'auction.register';
export const AUCTION_DIRECTED_ENQUIRY = 'auction.directed-enquiry';
export const AUCTION_REQUEST_ONLINE_ENQUIRY = 'auction.request-online-enquiry';
export const AUCTION_COLLECT_ONLINE_REPORTS = 'auction.collect-online-reports';
export const AUCTION_PUBLISH_LISTING = 'auction.publish-listing';
export const AUCTION_FETCH_RESULT = 'auction.fetch-result';
export const AUCTION_FORFEIT_DEPOSIT = 'auction.forfeit-deposit';
export const AUCTION_REFUND_DEPOSITS = 'auction.refund-deposits';
export const AUCTION_POST_REPORT_NOTICE = 'auction.post-report-notice';
export const AUCTION_CHECK_PRICE_VALIDITY = 'auction.check-price-validity';
export const AUCTION_SUSPEND_LISTING = 'auction.suspend-listing';
export const AUCTION_PAUSE_PRICING = 'auction.pause-pricing';
export const AUCTION_RESUME_PRICING = 'auction.resume-pricing';
