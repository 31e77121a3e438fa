using System.Net.Sockets;
using System.Text;

namespace Sms.Fuzz.Tests.Http;

/// <summary>
/// A minimal HTTP/1.1 client over a plain socket, so a request carries exactly the bytes the fuzzer chose (HttpClient
/// refuses or repairs most of them). One connection per request (<c>Connection: close</c>); the answer is read up to
/// the end of its headers and the first <see cref="MaxBody"/> bytes of its body. No answer within the timeout is a
/// stall, which the fuzz test reports.
/// </summary>
public static class RawHttp
{
    private const int MaxBody = 4096;

    public static byte[] Serialize(FuzzRequest request, int port)
    {
        if (request.Raw is not null) return request.Raw;
        var head = new StringBuilder();
        head.Append(request.Method).Append(' ').Append(request.Target).Append(" HTTP/1.1\r\n");
        head.Append("Host: 127.0.0.1:").Append(port).Append("\r\n");
        var bytes = new List<byte>(Encoding.ASCII.GetBytes(head.ToString()));
        foreach (var (name, value) in request.Headers)
        {
            bytes.AddRange(Encoding.ASCII.GetBytes(name + ": "));
            bytes.AddRange(value);
            bytes.AddRange("\r\n"u8.ToArray());
        }
        if (request.Body.Length > 0 || request.Method is "POST" or "PUT" or "PATCH")
            bytes.AddRange(Encoding.ASCII.GetBytes($"Content-Length: {request.Body.Length}\r\n"));
        bytes.AddRange("Connection: close\r\n\r\n"u8.ToArray());
        bytes.AddRange(request.Body);
        return bytes.ToArray();
    }

    public static async Task<FuzzResponse> SendAsync(FuzzRequest request, int port, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(System.Net.IPAddress.Loopback, port, cts.Token);
            await using var stream = new NetworkStream(socket, ownsSocket: false);
            var wire = Serialize(request, port);
            try
            {
                await stream.WriteAsync(wire, cts.Token);
            }
            catch (IOException)
            {
                // The server may answer and close before it has read a body it refuses: read what it said.
            }
            return await ReadAsync(stream, cts.Token);
        }
        catch (OperationCanceledException)
        {
            return new FuzzResponse(0, [], "", TimedOut: true);
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            return new FuzzResponse(0, [], e.Message, TimedOut: false);
        }
    }

    private static async Task<FuzzResponse> ReadAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var received = new MemoryStream();
        var buffer = new byte[8192];
        int headerEnd;
        while ((headerEnd = IndexOfHeaderEnd(received)) < 0)
        {
            int read;
            try { read = await stream.ReadAsync(buffer, cancellationToken); }
            catch (IOException) { read = 0; }
            if (read == 0) return new FuzzResponse(0, [], Encoding.UTF8.GetString(received.ToArray()), TimedOut: false);
            received.Write(buffer, 0, read);
        }

        var all = received.ToArray();
        if (all.AsSpan().StartsWith("HTTP/1.1 1"u8))
        {
            // An interim answer (100 Continue): the real one follows.
            var rest = new MemoryStream();
            rest.Write(all, headerEnd + 4, all.Length - headerEnd - 4);
            while (IndexOfHeaderEnd(rest) < 0)
            {
                int more;
                try { more = await stream.ReadAsync(buffer, cancellationToken); }
                catch (IOException) { more = 0; }
                if (more == 0) return new FuzzResponse(0, [], "interim answer only", TimedOut: false);
                rest.Write(buffer, 0, more);
            }
            all = rest.ToArray();
            headerEnd = IndexOfHeaderEnd(rest);
        }
        var lines = Encoding.Latin1.GetString(all, 0, headerEnd).Split("\r\n");
        var statusParts = lines[0].Split(' ', 3);
        var status = statusParts.Length > 1 && int.TryParse(statusParts[1], out var code) ? code : 0;
        var headers = lines.Skip(1).Where(l => l.Contains(':', StringComparison.Ordinal))
            .Select(l => (l[..l.IndexOf(':', StringComparison.Ordinal)].Trim(), l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim()))
            .ToList();
        var response = new FuzzResponse(status, headers, "", TimedOut: false);

        // A live stream (server-sent events) never ends: its status and headers are the answer.
        if (response.Header("Content-Type")?.StartsWith("text/event-stream", StringComparison.OrdinalIgnoreCase) == true)
            return response;

        var body = new MemoryStream();
        body.Write(all, headerEnd + 4, all.Length - headerEnd - 4);
        try
        {
            while (body.Length < MaxBody)
            {
                var read = await stream.ReadAsync(buffer, cancellationToken);
                if (read == 0) break;
                body.Write(buffer, 0, read);
            }
        }
        catch (IOException)
        {
        }
        catch (OperationCanceledException)
        {
            // The status and headers came in time; a body that trickles is not a stall of the answer.
        }
        var text = Encoding.UTF8.GetString(body.GetBuffer(), 0, (int)Math.Min(body.Length, MaxBody));
        return response with { Body = text };
    }

    private static int IndexOfHeaderEnd(MemoryStream received)
    {
        var span = received.GetBuffer().AsSpan(0, (int)received.Length);
        return span.IndexOf("\r\n\r\n"u8);
    }
}
