/** job types of the preservation domain (财产保全) */
export const PRESERVATION_ASSESS_APPLICATION = 'preservation.assess-application';
export const PRESERVATION_CHECK_SECURITY = 'preservation.check-security';
export const PRESERVATION_REGISTER_MEASURE = 'preservation.register-measure';
export const PRESERVATION_RELEASE = 'preservation.release';
