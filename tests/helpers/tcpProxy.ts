import net from 'node:net';

export interface TcpProxy {
  /** http://127.0.0.1:port of the proxy. */
  readonly url: string;
  /** Where new connections go from now on (a load balancer's view of who is alive). */
  target: number;
  close(): Promise<void>;
}

/**
 * A TCP proxy on 127.0.0.1, as a load balancer in front of several Stip processes: each new
 * connection goes to the port `target` says now; when either side closes, so does the other.
 */
export async function startTcpProxy(target: number): Promise<TcpProxy> {
  const open = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(proxy.target, '127.0.0.1');
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => {
        open.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const proxy: TcpProxy = {
    url: `http://127.0.0.1:${port}`,
    target,
    close: async () => {
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return proxy;
}
