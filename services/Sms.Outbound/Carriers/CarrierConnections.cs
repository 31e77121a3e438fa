using System.Net.Sockets;

namespace Sms.Outbound.Carriers;

/// <summary>The HTTP handler carrier clients share.</summary>
public static class CarrierConnections
{
    /// <summary>
    /// A handler whose connection attempts give up after <paramref name="connectTimeout"/> with an
    /// <see cref="HttpRequestException"/> (<see cref="HttpRequestError.ConnectionError"/>). That matters: a request
    /// whose connection was never made certainly did not reach the carrier and can be retried, while a timeout of the
    /// whole exchange cannot tell the two apart. The built-in <c>ConnectTimeout</c> reports itself as a plain
    /// cancellation, indistinguishable from the overall timeout, so the connection is made here.
    /// </summary>
    public static SocketsHttpHandler CreateHandler(TimeSpan connectTimeout) => new()
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectCallback = async (context, cancellationToken) =>
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(connectTimeout);
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(context.DnsEndPoint, timeout.Token);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                socket.Dispose();
                // Wrapped by the handler into HttpRequestException(HttpRequestError.ConnectionError).
                throw new TimeoutException($"No connection to {context.DnsEndPoint.Host}:{context.DnsEndPoint.Port} within {connectTimeout.TotalSeconds:0.#} s.");
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    /// <summary>True when the exception proves the request never left this machine (no connection was made).</summary>
    public static bool NeverSent(HttpRequestException exception) => exception.HttpRequestError is
        HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError or HttpRequestError.SecureConnectionError
        or HttpRequestError.ProxyTunnelError;
}
