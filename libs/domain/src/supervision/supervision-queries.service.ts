import { DataSource } from 'typeorm';
import { NotFoundError } from '../errors';
import { Report } from '../report/report.entity';
import { ClosureRequest } from './closure-request.entity';
import { Contribution } from './contribution.entity';
import { ExtensionRequest } from './extension-request.entity';

/** Read side of extensions, closures and contributions for the API. */
export class SupervisionQueries {
  constructor(private readonly db: DataSource) {}

  /** The cooperating units' contributions to the period of this report, oldest first. */
  async contributionsOf(reportId: string): Promise<Contribution[]> {
    const report = await this.db.getRepository(Report).findOneBy({ id: reportId });
    if (!report) throw new NotFoundError('report', reportId);
    return this.db.getRepository(Contribution).find({ where: { periodId: report.periodId }, order: { submittedAt: 'ASC', id: 'ASC' } });
  }

  extensionRequests(itemId: string): Promise<ExtensionRequest[]> {
    return this.db.getRepository(ExtensionRequest).find({ where: { itemId }, order: { createdAt: 'ASC' } });
  }

  async extensionRequest(requestId: string): Promise<ExtensionRequest> {
    const request = await this.db.getRepository(ExtensionRequest).findOneBy({ id: requestId });
    if (!request) throw new NotFoundError('extension request', requestId);
    return request;
  }

  closureRequests(itemId: string): Promise<ClosureRequest[]> {
    return this.db.getRepository(ClosureRequest).find({ where: { itemId }, order: { createdAt: 'ASC' } });
  }

  async closureRequest(requestId: string): Promise<ClosureRequest> {
    const request = await this.db.getRepository(ClosureRequest).findOneBy({ id: requestId });
    if (!request) throw new NotFoundError('closure request', requestId);
    return request;
  }
}
