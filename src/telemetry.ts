/**
 * Azure Monitor (Application Insights) through OpenTelemetry, switched on by APPLICATIONINSIGHTS_CONNECTION_STRING
 * and loaded only then, so a local or container run without it never loads the SDK (docs/operations.md,
 * "Telemetry"). No personal data: request and dependency spans keep method, route and status; query strings
 * (which could carry ids) are cut, log records are not exported (the JSON logs on stdout are the log), and no
 * bodies are ever recorded by these instrumentations.
 */
import type { Logger } from './logger';

/** Span attributes that may hold a full URL; their query string is dropped. */
const URL_ATTRIBUTES = ['url.full', 'url.query', 'http.url', 'http.target', 'url.path'];

export async function startTelemetry(env: NodeJS.ProcessEnv, logger: Logger): Promise<boolean> {
  const connectionString = env.APPLICATIONINSIGHTS_CONNECTION_STRING;
  if (!connectionString) return false;
  const { useAzureMonitor } = await import('@azure/monitor-opentelemetry');
  useAzureMonitor({
    azureMonitorExporterOptions: { connectionString },
    enableLiveMetrics: false,
    instrumentationOptions: { http: { enabled: true }, azureSdk: { enabled: true }, bunyan: { enabled: false }, winston: { enabled: false } },
    spanProcessors: [
      {
        onStart: () => {},
        onEnd: (span) => {
          const attributes = span.attributes as Record<string, unknown>;
          for (const key of URL_ATTRIBUTES) {
            const value = attributes[key];
            if (key === 'url.query') delete attributes[key];
            else if (typeof value === 'string') attributes[key] = value.split('?')[0];
          }
          delete attributes['enduser.id'];
        },
        forceFlush: () => Promise.resolve(),
        shutdown: () => Promise.resolve(),
      },
    ],
  });
  logger.info('telemetry: Azure Monitor on');
  return true;
}
