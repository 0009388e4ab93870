/**
 * Server-sent events as the OpenAI streaming API frames them: every event is one
 * `data: <json>\n\n` (JSON never contains a raw newline, so one data line suffices), the
 * stream ends with `data: [DONE]\n\n`. Comment lines (`: ...`) keep idle connections open
 * through proxies while a search thinks.
 */
const encoder = new TextEncoder();

export function sseData(payload: unknown): Uint8Array {
  return encoder.encode(`data: ${JSON.stringify(payload)}\n\n`);
}

export const SSE_DONE = encoder.encode('data: [DONE]\n\n');

export function sseComment(text: string): Uint8Array {
  return encoder.encode(`: ${text.replace(/[\r\n]+/g, ' ')}\n\n`);
}

export const SSE_HEADERS: Record<string, string> = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
  // Tells nginx-style proxies not to buffer the stream (buffering would undo live streaming).
  'x-accel-buffering': 'no',
};

export interface SseWriter {
  send(payload: unknown): void;
  comment(text: string): void;
  /** Ends the stream (with `[DONE]` unless the stream was made without it). */
  done(): void;
  /** True once the client went away or the stream was closed. */
  readonly closed: boolean;
}

/**
 * A stream whose producer runs in `produce`; `signal` fires when the client disconnects
 * (the consumer cancels the body), so the producer can abort its search and upstream calls.
 */
export function createSseStream(
  produce: (writer: SseWriter, signal: AbortSignal) => Promise<void>,
  options: { onCancel?: () => void; doneMarker?: boolean } = {},
): ReadableStream<Uint8Array> {
  const onCancel = options.onCancel;
  const controller = new AbortController();
  let closed = false;
  let sink: ReadableStreamDefaultController<Uint8Array> | undefined;
  const enqueue = (bytes: Uint8Array) => {
    if (closed || !sink) return;
    try {
      sink.enqueue(bytes);
    } catch {
      closed = true;
    }
  };
  const writer: SseWriter = {
    send: (payload) => enqueue(sseData(payload)),
    comment: (text) => enqueue(sseComment(text)),
    done: () => {
      if (options.doneMarker !== false) enqueue(SSE_DONE);
      if (!closed) {
        closed = true;
        sink?.close();
      }
    },
    get closed() {
      return closed;
    },
  };
  return new ReadableStream<Uint8Array>({
    start(c) {
      sink = c;
      // Run the producer after start returns so that the first bytes flow at once.
      queueMicrotask(() => {
        produce(writer, controller.signal).then(
          () => writer.done(),
          (error: unknown) => {
            if (!closed) {
              closed = true;
              try {
                c.error(error);
              } catch {
                // already errored or closed
              }
            }
          },
        );
      });
    },
    cancel() {
      closed = true;
      controller.abort();
      onCancel?.();
    },
  });
}
