import { api } from '@/app/api-client';

/** What an applicant may see of their case: no staff, no account or identity numbers, no notes. */
export interface PublicStatus {
  caseNumber: string;
  caseType: string;
  stage: string;
  closed: boolean;
  filedAt: string;
  closedAt: string | null;
  claimAmount: number;
  amountRecovered: number;
  inquiry: { queriesDone: number; lastQueryAt: string | null; assetsFound: Record<string, number> };
  disposal: {
    frozenAmount: number;
    deductedAmount: number;
    sealedAssets: number;
    auctions: { round: number | null; status: string; startsAt: string | null; endsAt: string | null; startingPrice: number | null; proceeds: number | null }[];
  };
  documents: { kind: string; issuedAt: string }[];
}

export const statusApi = {
  query: (caseNumber: string, password: string) => api.post<PublicStatus>('/api/public/status', { caseNumber, password }),
};
