import { Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { temporalConnectionOptions, type DubanConfig } from '@duban/config';
import { Client, Connection } from '@temporalio/client';
import { CONFIG, TEMPORAL_CLIENT } from '../tokens';

@Injectable()
class TemporalConnectionCloser implements OnApplicationShutdown {
  constructor(@Inject(TEMPORAL_CLIENT) private readonly client: Client) {}

  async onApplicationShutdown(): Promise<void> {
    await this.client.connection.close();
  }
}

@Global()
@Module({
  providers: [
    {
      provide: TEMPORAL_CLIENT,
      inject: [CONFIG],
      useFactory: async (config: DubanConfig) => {
        const connection = await Connection.connect(temporalConnectionOptions(config.temporal));
        return new Client({ connection, namespace: config.temporal.namespace });
      },
    },
    TemporalConnectionCloser,
  ],
  exports: [TEMPORAL_CLIENT],
})
export class TemporalModule {}
