import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One attribute as OTLP/JSON writes it. */
interface OtlpAttribute {
  readonly key: string;
  readonly value: { readonly stringValue?: string; readonly intValue?: string | number };
}

/** A span as OTLP/JSON carries it (ids in hex), with what the test reads of it. */
export interface OtlpSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly name: string;
  readonly attributes?: readonly OtlpAttribute[];
  readonly links?: readonly { readonly traceId: string; readonly spanId: string }[];
}

interface ExportRequest {
  readonly resourceSpans?: readonly {
    readonly resource?: { readonly attributes?: readonly OtlpAttribute[] };
    readonly scopeSpans?: readonly { readonly spans?: readonly OtlpSpan[] }[];
  }[];
}

/** A span received, with the service.name of the resource that sent it. */
export interface ReceivedSpan extends OtlpSpan {
  readonly serviceName: string | undefined;
}

/** The string value of a span's (or resource's) attribute. */
export function attributeOf(attributes: readonly OtlpAttribute[] | undefined, key: string): string | undefined {
  return attributes?.find((attribute) => attribute.key === key)?.value.stringValue;
}

/**
 * A local OTLP/HTTP receiver for traces: a node:http server that accepts POST /v1/traces in the JSON encoding
 * (OTEL_EXPORTER_OTLP_PROTOCOL=http/json) and keeps every span; anything else is answered 404 and counted.
 */
export class OtlpReceiver {
  readonly spans: ReceivedSpan[] = [];
  /** Every request, whatever its path: `POST /v1/traces`, ... */
  readonly requests: string[] = [];

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<OtlpReceiver> {
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const receiver = new OtlpReceiver(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    server.on('request', (request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        receiver.requests.push(`${request.method} ${request.url}`);
        if (request.method !== 'POST' || request.url !== '/v1/traces') {
          response.writeHead(404).end();
          return;
        }
        receiver.receive(JSON.parse(Buffer.concat(chunks).toString('utf8')) as ExportRequest);
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    return receiver;
  }

  private receive(body: ExportRequest): void {
    for (const { resource, scopeSpans } of body.resourceSpans ?? []) {
      const serviceName = attributeOf(resource?.attributes, 'service.name');
      for (const { spans } of scopeSpans ?? [])
        for (const span of spans ?? []) this.spans.push({ ...span, serviceName });
    }
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, 'close');
  }
}
