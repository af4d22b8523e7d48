import { onBeforeUnmount, ref } from 'vue';

/** One server-sent event from `GET /api/events`. */
export interface LiveEvent {
  type: 'task' | 'case' | 'incident' | string;
  key: string;
  caseId?: string;
}

type Handler = (event: LiveEvent) => void;

const handlers = new Set<Handler>();
let source: EventSource | null = null;
let retry: ReturnType<typeof setTimeout> | undefined;
export const liveConnected = ref(false);

function dispatch(message: MessageEvent<string>): void {
  try {
    const event = JSON.parse(message.data) as LiveEvent;
    if (!event.type && message.type !== 'message') event.type = message.type;
    for (const handler of handlers) handler(event);
  } catch {
    // A keep-alive or malformed line: nothing to tell the views.
  }
}

/** Opens the stream once the user is logged in; reconnects with a pause when it drops. */
export function connectLiveEvents(): void {
  if (source || typeof EventSource === 'undefined') return;
  source = new EventSource('/api/events', { withCredentials: true });
  source.onopen = () => (liveConnected.value = true);
  source.onmessage = dispatch;
  for (const name of ['task', 'case', 'incident']) source.addEventListener(name, dispatch as EventListener);
  source.onerror = () => {
    liveConnected.value = false;
    source?.close();
    source = null;
    clearTimeout(retry);
    retry = setTimeout(connectLiveEvents, 5000);
  };
}

export function disconnectLiveEvents(): void {
  clearTimeout(retry);
  source?.close();
  source = null;
  liveConnected.value = false;
}

/**
 * Calls `handler` for every live event of the given types while the calling component is mounted.
 * Bursts (a completed task emits several events) are folded into one call per `delayMs`.
 */
export function useLiveEvents(types: string[], handler: Handler, delayMs = 300): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let last: LiveEvent | undefined;
  const listener: Handler = (event) => {
    if (!types.includes(event.type)) return;
    last = event;
    clearTimeout(timer);
    timer = setTimeout(() => handler(last!), delayMs);
  };
  handlers.add(listener);
  onBeforeUnmount(() => {
    clearTimeout(timer);
    handlers.delete(listener);
  });
}
