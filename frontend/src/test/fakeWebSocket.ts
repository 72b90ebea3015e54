// A WebSocket the test drives: it records the sockets the app opens and lets the test deliver
// messages or drop the connection.
import { vi } from 'vitest';

export class FakeWebSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 3;
  static instances: FakeWebSocket[] = [];
  readonly url: string;
  readyState = FakeWebSocket.CONNECTING;
  binaryType = 'blob';
  /** What the app sent, in order: strings as they are, binary frames as ArrayBuffers. */
  sent: (string | ArrayBuffer)[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((message: { data: string }) => void) | null = null;
  onclose: ((event: { code: number }) => void) | null = null;
  closed = false;

  constructor(url: string) {
    this.url = url;
    FakeWebSocket.instances.push(this);
  }

  static install(): void {
    FakeWebSocket.instances = [];
    vi.stubGlobal('WebSocket', FakeWebSocket);
  }

  /** The newest socket, or the newest one whose address contains `path`. */
  static latest(path = ''): FakeWebSocket {
    const socket = FakeWebSocket.instances.filter((candidate) => candidate.url.includes(path)).at(-1);
    if (!socket) throw new Error(`The app opened no WebSocket${path ? ` to ${path}` : ''}.`);
    return socket;
  }

  open(): void {
    this.readyState = FakeWebSocket.OPEN;
    this.onopen?.();
  }

  send(data: string | ArrayBuffer): void {
    if (this.readyState !== FakeWebSocket.OPEN) throw new Error('send() on a socket that is not open');
    this.sent.push(data);
  }

  deliver(event: unknown): void {
    this.onmessage?.({ data: JSON.stringify(event) });
  }

  /** The connection ends from the server's side (1006: dropped without a close frame). */
  drop(code = 1006): void {
    this.readyState = FakeWebSocket.CLOSED;
    this.onclose?.({ code });
  }

  close(): void {
    this.closed = true;
    this.readyState = FakeWebSocket.CLOSED;
  }
}
