// KeepAlive for every socket of a WebSocketServer from one timer: a socket silent for pingMs gets
// a PING, and one still silent pongWaitMs later is dropped; any message counts as an answer. It is
// what tRPC's keepAlive does, but tRPC arms two timers and three closures per socket, which at
// ten thousand sockets is memory and timer churn for nothing.
import type { WebSocket, WebSocketServer } from 'ws';

export interface KeepAliveTimes {
  pingMs: number;
  pongWaitMs: number;
}

interface Liveness {
  /** When the socket last sent anything. */
  seenAt: number;
  /** When we sent the PING still unanswered, or 0. */
  pingedAt: number;
}

/** Starts keeping every socket of `wss` alive; returns the stop. */
export function keepSocketsAlive(wss: WebSocketServer, times: KeepAliveTimes): () => void {
  const sockets = new Map<WebSocket, Liveness>();
  // Shared listeners (the socket is `this`), so a socket costs one map entry and nothing else.
  function seen(this: WebSocket) {
    const liveness = sockets.get(this);
    if (liveness) {
      liveness.seenAt = Date.now();
      liveness.pingedAt = 0;
    }
  }
  function gone(this: WebSocket) {
    sockets.delete(this);
  }
  const onConnection = (socket: WebSocket) => {
    sockets.set(socket, { seenAt: Date.now(), pingedAt: 0 });
    socket.on('message', seen);
    socket.once('close', gone);
  };
  wss.on('connection', onConnection);
  // A tick a quarter of the shorter wait keeps each deadline within a quarter of it.
  const tickMs = Math.max(10, Math.floor(Math.min(times.pingMs, times.pongWaitMs) / 4));
  const timer = setInterval(() => {
    const now = Date.now();
    for (const [socket, liveness] of sockets) {
      if (liveness.pingedAt !== 0) {
        if (now - liveness.pingedAt >= times.pongWaitMs) {
          sockets.delete(socket);
          socket.terminate();
        }
      } else if (now - liveness.seenAt >= times.pingMs && socket.readyState === socket.OPEN) {
        liveness.pingedAt = now;
        socket.send('PING');
      }
    }
  }, tickMs);
  // Open sockets keep the server alive, not this timer.
  timer.unref();
  return () => {
    clearInterval(timer);
    wss.off('connection', onConnection);
    sockets.clear();
  };
}
